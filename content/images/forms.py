from django import forms

from content.images.models import Image
from content.images.processing import image_decode


class ImageUploadForm(forms.ModelForm):
    """Upload an image: decoded and cleaned here; the admin stores `decoded` once saved."""

    upload = forms.FileField(
        label="Image file",
        help_text="PNG, JPEG or WebP. It is checked, cleaned of its metadata (camera, place, "
        "time) and stored in the sizes pages need.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["upload", "alt"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        image_format, self.decoded = image_decode(upload)
        self.instance.image_format = image_format
        self.instance.width, self.instance.height = self.decoded.size
        return upload
