from django.db import migrations

WORDINGS = {
    "contact": (
        "I agree that people in this place may contact me in the ways I have chosen, about things I have shown "
        "interest in. I can change my mind at any time.",
        "People here can get in touch with me. I can say stop at any time.",
    ),
    "visible_profile": (
        "I agree to other people seeing the parts of my profile I choose, and to being found in “Who can help?”. "
        "I choose who sees each part, and I can hide my whole profile again at any time.",
        "Other people can see the parts of my profile I choose. I can hide it again at any time.",
    ),
    "research": (
        "I agree that what I share here may be used, without my name, to learn how well co-production is working "
        "in this place and to report on it. I can withdraw at any time; what was already reported stays.",
        "What I share can help people learn what works. My name will not be used. I can say stop at any time.",
    ),
    "photos": (
        "I agree to photos or films of me taken at events here being shown on this platform and in reports "
        "about co-production in this place. I can withdraw at any time and they will not be used again.",
        "Photos or films of me can be shown here and in reports. I can say stop at any time.",
    ),
}


def add_wordings(apps, schema_editor):
    ConsentWording = apps.get_model("people", "ConsentWording")
    for topic, (text, easy) in WORDINGS.items():
        ConsentWording.objects.get_or_create(topic=topic, version=1, defaults={"text": text, "easy_read_text": easy})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_profiles_tags_assets_consent")]
    operations = [migrations.RunPython(add_wordings, migrations.RunPython.noop)]
