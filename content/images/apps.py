from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "content.images"
    label = "images"
    verbose_name = "Images"

    def ready(self):
        from content.core import markdown
        from content.images.markdown import check_image_sources, enrich_images

        markdown.html_finishers.append(enrich_images)
        markdown.html_checks.append(check_image_sources)
