"""A starter list of gifts, skills and interests, the other words people use for them, and a list of languages.

A place curates its own list from here (people/tags/): this is only so that the first person to fill in their
profile finds "Cooking" when they type "cook". Neighbourhoods belong to each place, so none are seeded.
Running it again adds only what is missing; removing it takes away nothing a place may have come to rely on.
"""

from django.db import migrations

# name: other words for it, lower-case (each word belongs to one tag only).
TAGS: dict[str, tuple[str, ...]] = {
    "Admin": ("administration", "paperwork", "office work", "filing"),
    "Advocacy": ("advocate", "speaking up", "self-advocacy"),
    "Art": ("arts", "drawing", "painting", "artist", "illustration"),
    "Baking": ("bake", "baker", "cakes", "bread baking", "bread making"),
    "Befriending": ("befriender", "friendship", "companionship", "keeping someone company"),
    "Bid writing": ("grant writing", "funding bids", "grant applications", "writing funding bids"),
    "Bike repair": ("bicycle repair", "fixing bikes", "bike maintenance"),
    "Board games": ("games", "card games", "chess", "dominoes"),
    "Bookkeeping": ("accounts", "accounting", "book keeping"),
    "Campaigning": ("campaigns", "activism", "campaigner"),
    "Caring": ("carer", "caring for someone", "looking after someone"),
    "Childcare": ("looking after children", "babysitting", "child care", "childminding"),
    "Cleaning": ("cleaner", "housework", "tidying"),
    "Coaching": ("coach", "life coaching", "sports coaching"),
    "Cooking": ("cook", "cookery", "chef", "catering", "cooking for others", "cooking for a crowd"),
    "Crafts": ("craft", "crafting", "arts and crafts", "making things"),
    "Cycling": ("cyclist", "bike riding", "biking"),
    "Dancing": ("dance", "dancer"),
    "Dementia awareness": ("dementia", "dementia friends"),
    "DIY": ("do it yourself", "odd jobs", "handyman", "handywoman", "home repairs", "fixing things", "repairs"),
    "Drama": ("acting", "theatre", "actor"),
    "Driving": ("driver", "lifts", "giving lifts"),
    "Emotional support": ("being there for people", "wellbeing support"),
    "Event planning": ("events", "organising events", "party planning", "organising"),
    "Facilitation": ("facilitating", "running workshops", "workshops", "chairing meetings", "running meetings"),
    "Film making": ("filming", "video", "making films", "video editing"),
    "First aid": ("first aider", "mental health first aid"),
    "Fitness": ("exercise", "keeping fit", "gym"),
    "Football": ("soccer", "five-a-side"),
    "Form filling": ("forms", "filling in forms", "benefits forms", "help with letters"),
    "Fundraising": ("fundraiser", "raising money"),
    "Gardening": ("garden", "gardener", "allotment", "growing food", "growing vegetables"),
    "Graphic design": ("design", "designer", "posters", "leaflets"),
    "Hairdressing": ("hair", "barber", "barbering", "cutting hair", "hair braiding"),
    "IT help": ("computers", "tech support", "computer help", "technology", "it", "digital skills", "smartphones"),
    "Knitting": ("knit", "knitter", "knit and natter"),
    "Languages": ("language skills", "speaking other languages", "teaching languages"),
    "Listening": ("listener", "a listening ear", "good listener"),
    "Local history": ("history", "heritage", "local history facts"),
    "Mental health awareness": ("mental health", "mental wellbeing"),
    "Mentoring": ("mentor", "peer mentoring"),
    "Mindfulness": ("meditation", "relaxation"),
    "Money and budgeting": ("budgeting", "budgets", "money management", "finances", "cooking on a budget"),
    "Music": ("musician", "playing music", "instruments", "guitar", "piano"),
    "Nature and wildlife": ("nature", "wildlife", "bird watching", "birdwatching"),
    "Peer support": ("peer supporter", "lived experience support"),
    "Pet care": ("dog walking", "pets", "animal care", "pet sitting"),
    "Photography": ("photos", "photographer", "camera"),
    "Poetry": ("poems", "poet", "spoken word", "poetry nights"),
    "Public speaking": ("speaking", "presenting", "presentations", "presenting to a room"),
    "Reading": ("reader", "books", "book club", "reading aloud"),
    "Sewing": ("sew", "dressmaking", "alterations", "mending"),
    "Shopping help": ("shopping", "errands", "doing the shopping"),
    "Singing": ("singer", "choir", "choral singing"),
    "Social media": ("facebook", "instagram", "tiktok", "online posting"),
    "Sport": ("sports", "sporty"),
    "Storytelling": ("stories", "telling stories", "story telling", "story gathering"),
    "Sustainability": ("environment", "climate action", "green living", "recycling"),
    "Swimming": ("swim", "swimmer", "wild swimming"),
    "Teaching": ("teacher", "teach", "training people"),
    "Translation": ("translating", "translator", "interpreting", "interpreter", "translating letters"),
    "Tutoring": ("tutor", "homework help", "maths help"),
    "Upcycling": ("repair cafe", "upcycle", "reusing things"),
    "Walking": ("walks", "walking group", "rambling", "hill walking", "hiking"),
    "Welcoming people": ("hosting", "hospitality", "greeting", "meeting and greeting", "making people welcome"),
    "Woodwork": ("carpentry", "joinery", "woodworking", "carving"),
    "Writing": ("writer", "creative writing", "writing in plain english"),
    "Yoga": ("chair yoga", "stretching"),
}

# Tags that are not the same thing but should find each other ("Cooking" and "Baking").
RELATED: tuple[tuple[str, str], ...] = (
    ("Cooking", "Baking"),
    ("Cooking", "Welcoming people"),
    ("Knitting", "Sewing"),
    ("Knitting", "Crafts"),
    ("Sewing", "Crafts"),
    ("Sewing", "Upcycling"),
    ("Art", "Crafts"),
    ("Art", "Graphic design"),
    ("Writing", "Storytelling"),
    ("Writing", "Poetry"),
    ("Drama", "Storytelling"),
    ("Local history", "Storytelling"),
    ("Music", "Singing"),
    ("Music", "Dancing"),
    ("Walking", "Nature and wildlife"),
    ("Gardening", "Nature and wildlife"),
    ("Sport", "Football"),
    ("Sport", "Swimming"),
    ("Sport", "Fitness"),
    ("Sport", "Coaching"),
    ("Fitness", "Yoga"),
    ("Yoga", "Mindfulness"),
    ("Listening", "Befriending"),
    ("Listening", "Emotional support"),
    ("Befriending", "Peer support"),
    ("Mentoring", "Peer support"),
    ("Mentoring", "Coaching"),
    ("Teaching", "Tutoring"),
    ("Teaching", "Mentoring"),
    ("Translation", "Languages"),
    ("Admin", "Form filling"),
    ("Admin", "Bookkeeping"),
    ("Bookkeeping", "Money and budgeting"),
    ("Fundraising", "Bid writing"),
    ("Fundraising", "Event planning"),
    ("Childcare", "Caring"),
    ("DIY", "Woodwork"),
    ("DIY", "Bike repair"),
    ("DIY", "Upcycling"),
    ("Bike repair", "Cycling"),
    ("Photography", "Film making"),
    ("Photography", "Social media"),
    ("IT help", "Social media"),
    ("Public speaking", "Facilitation"),
    ("Advocacy", "Campaigning"),
    ("Mental health awareness", "Emotional support"),
    ("Dementia awareness", "Caring"),
    ("Driving", "Shopping help"),
    ("Cleaning", "Shopping help"),
    ("Pet care", "Walking"),
    ("Sustainability", "Upcycling"),
    ("Sustainability", "Gardening"),
    ("First aid", "Caring"),
)

LANGUAGES: tuple[str, ...] = (
    "Albanian",
    "Amharic",
    "Arabic",
    "Bengali",
    "British Sign Language",
    "Bulgarian",
    "Cantonese",
    "Czech",
    "Dari",
    "English",
    "Farsi",
    "French",
    "German",
    "Greek",
    "Gujarati",
    "Hebrew",
    "Hindi",
    "Hungarian",
    "Igbo",
    "Irish",
    "Italian",
    "Kurdish",
    "Latvian",
    "Lithuanian",
    "Makaton",
    "Malayalam",
    "Mandarin",
    "Nepali",
    "Pashto",
    "Polish",
    "Portuguese",
    "Punjabi",
    "Romanian",
    "Russian",
    "Scottish Gaelic",
    "Shona",
    "Slovak",
    "Somali",
    "Spanish",
    "Swahili",
    "Sylheti",
    "Tagalog",
    "Tamil",
    "Tigrinya",
    "Turkish",
    "Twi",
    "Ukrainian",
    "Urdu",
    "Vietnamese",
    "Welsh",
    "Yoruba",
)


def add_starter_lists(apps, schema_editor):
    Tag = apps.get_model("people", "Tag")
    TagSynonym = apps.get_model("people", "TagSynonym")
    Language = apps.get_model("people", "Language")

    existing = {tag.name.casefold(): tag for tag in Tag.objects.all()}
    taken_terms = set(TagSynonym.objects.values_list("term", flat=True))
    tags = {}
    for name, synonyms in TAGS.items():
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(name=name, status="approved")
            existing[name.casefold()] = tag
        tags[name] = tag
        for term in synonyms:
            # A word that is already some tag's name, or already another word for a tag, stays as it is.
            if term in taken_terms or term in existing:
                continue
            TagSynonym.objects.create(tag=tag, term=term)
            taken_terms.add(term)
    for one, other in RELATED:
        # Both ways: the historical model does not know the relation is symmetrical, so it would store one row.
        tags[one].related.add(tags[other])
        tags[other].related.add(tags[one])

    have = {name.casefold() for name in Language.objects.values_list("name", flat=True)}
    Language.objects.bulk_create([Language(name=name) for name in LANGUAGES if name.casefold() not in have])


class Migration(migrations.Migration):
    dependencies = [("people", "0004_search_fulltext")]
    operations = [migrations.RunPython(add_starter_lists, migrations.RunPython.noop)]
