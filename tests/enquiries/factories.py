import itertools

from content.enquiries.models import Enquiry

_numbers = itertools.count(1)


def make_enquiry(**fields):
    number = next(_numbers)
    values = {
        "name": f"Person {number}",
        "email": f"person{number}@example.com",
        "company": "Example Ltd",
        "topic": Enquiry.Topic.SUPPORT,
        "message": f"Message {number}",
        "consent": True,
    }
    return Enquiry.objects.create(**(values | fields))
