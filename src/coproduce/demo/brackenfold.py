"""Brackenfold: a made-up English borough, its organisations and about forty of its people.

Everyone here is invented. Phone numbers come from the 07700 900xxx range, which Ofcom keeps for fiction, and
email addresses use the reserved `.example` domain, so nothing here can reach a real person.
"""

from __future__ import annotations

from coproduce.demo.cast import (
    DemoMembership,
    DemoOrganisation,
    DemoPerson,
    DemoPlace,
    DemoProfile,
    DemoService,
)
from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Profile, Visibility

Support = Profile.Support

# Neighbourhoods, named once so a typo in a profile is a NameError rather than a seventh neighbourhood.
OLD_TOWN = "Old Town"
MILLBROOK = "Millbrook"
HOLLYBANK = "Hollybank"
TANNERS_WHARF = "Tanners Wharf"
FOLD_GREEN = "Fold Green"
ASHGROVE = "Ashgrove"

# Organisations and services, named once for the same reason: memberships refer to them by name.
COUNCIL = "Brackenfold Borough Council"
COMMUNITY_TEAM = "Adult Social Care Community Team"
CONNECTORS = "Community Connectors"
DIRECT_PAYMENTS = "Direct Payments and Personal Budgets"

NHS = "Brackenfold Community Health NHS Trust"
CMHT = "Community Mental Health Team"
MEMORY = "Memory Service"
RECOVERY_COLLEGE = "Brackenfold Recovery College"

KEYSTONE = "Keystone Housing and Support"
ELM_COURT = "Elm Court Supported Living"
FLOATING = "Floating Support"

OPEN_DOOR = "Open Door Wellbeing"
CRISIS_CAFE = "Evening Crisis Café"
PEER_MENTORING = "Peer Mentoring"

CARERS = "Millbrook Carers’ Centre"
CARERS_DROP_IN = "Carers’ Drop-in"
YOUNG_CARERS = "Young Carers Group"
CARERS_BREAKS = "Carers’ Breaks"

GARDEN = "Hollybank Community Garden"
GROWING = "Growing Together"

KNIT = "Fold Green Knit and Natter"
KNIT_THURSDAY = "Thursday Knit and Natter"

KITCHEN = "Tanners Wharf Shared Table"
FRIDAY_MEAL = "Friday Shared Table"
COOK_AND_LEARN = "Cook and Learn"


ORGANISATIONS = (
    DemoOrganisation(
        name=COUNCIL,
        kind=Organisation.Kind.COUNCIL,
        description=(
            "The local council for the whole borough. Its adult social care teams work with adults who need "
            "extra support, and with the families and friends who care for them."
        ),
        services=(
            DemoService(
                COMMUNITY_TEAM,
                "Social workers and care coordinators who talk with you about what matters to you, what is going "
                "well and what support would help, then plan it with you and check in on how it is going.",
            ),
            DemoService(
                CONNECTORS,
                "Local people employed by the council to help you find what is already near you: groups, "
                "places, neighbours and skills, often before any formal service is needed.",
            ),
            DemoService(
                DIRECT_PAYMENTS,
                "Money from the council that you manage yourself, so you can choose your own support, for "
                "example by employing a personal assistant.",
            ),
        ),
    ),
    DemoOrganisation(
        name=NHS,
        kind=Organisation.Kind.NHS,
        description=(
            "The NHS trust for community and mental health services in Brackenfold, working from clinics, "
            "GP surgeries and people's own homes."
        ),
        services=(
            DemoService(
                CMHT,
                "Nurses, doctors, psychologists and peer workers supporting adults with serious mental health "
                "problems to live the life they want in their own community.",
            ),
            DemoService(
                MEMORY,
                "Assessment, diagnosis and ongoing support for people worried about their memory, and for the "
                "people close to them.",
            ),
            DemoService(
                RECOVERY_COLLEGE,
                "Free courses about mental health and wellbeing, written and taught by people with lived "
                "experience alongside NHS staff. Anyone in the borough can enrol.",
            ),
        ),
    ),
    DemoOrganisation(
        name=KEYSTONE,
        kind=Organisation.Kind.PROVIDER,
        description=(
            "A not-for-profit housing and support provider. It helps people with learning disabilities and "
            "people who have been homeless to have a home of their own and keep it."
        ),
        services=(
            DemoService(
                ELM_COURT,
                "Eight self-contained flats in Ashgrove for adults with learning disabilities, with support "
                "staff on site day and night and a shared lounge downstairs.",
            ),
            DemoService(
                FLOATING,
                "A support worker who visits you at home to help with letters, bills, benefits and settling "
                "in, so that a new tenancy lasts.",
            ),
        ),
    ),
    DemoOrganisation(
        name=OPEN_DOOR,
        kind=Organisation.Kind.PROVIDER,
        description=(
            "A mental health charity run with and by people who have been through hard times themselves. "
            "Nobody needs a referral or a diagnosis to come in."
        ),
        services=(
            DemoService(
                CRISIS_CAFE,
                "A calm place on Tanners Wharf, open from six until eleven every evening, for anyone who is "
                "struggling and does not want to be alone with it.",
            ),
            DemoService(
                PEER_MENTORING,
                "Regular one-to-one time with a trained mentor who has lived through something similar and "
                "come out the other side.",
            ),
        ),
    ),
    DemoOrganisation(
        name=CARERS,
        kind=Organisation.Kind.CHARITY,
        description=(
            "A charity for anyone who looks after a family member, partner or friend without being paid for "
            "it, whatever their age."
        ),
        services=(
            DemoService(
                CARERS_DROP_IN,
                "Tea, advice and company every weekday morning. Bring the person you care for if you like.",
            ),
            DemoService(
                YOUNG_CARERS,
                "Trips, a Wednesday evening group and someone to talk to for carers aged 11 to 25.",
            ),
            DemoService(
                CARERS_BREAKS,
                "Short breaks and sitting services, so carers can rest, see friends or keep a hospital "
                "appointment of their own.",
            ),
        ),
    ),
    DemoOrganisation(
        name=GARDEN,
        kind=Organisation.Kind.COMMUNITY_GROUP,
        description=(
            "Half an acre of raised beds, a polytunnel and a kettle behind Hollybank library, looked after by "
            "whoever turns up."
        ),
        services=(
            DemoService(
                GROWING,
                "Open gardening on Tuesday and Saturday mornings. No experience needed, the beds are at wheelchair "
                "height and there is always soup.",
            ),
        ),
    ),
    DemoOrganisation(
        name=KNIT,
        kind=Organisation.Kind.COMMUNITY_GROUP,
        description=(
            "A friendly group that has met in Fold Green community centre for nearly twenty years. Beginners "
            "are taught, and plenty of people come just for the chat."
        ),
        services=(
            DemoService(
                KNIT_THURSDAY,
                "Thursday afternoons from one until three. Wool and needles provided; the biscuits go quickly.",
            ),
        ),
    ),
    DemoOrganisation(
        name=KITCHEN,
        kind=Organisation.Kind.COMMUNITY_GROUP,
        description=(
            "A community kitchen run together by St Mark’s Church and the Al-Noor Mosque, in the church hall "
            "on Wharf Street. Everyone eats together and nobody is asked why they came."
        ),
        services=(
            DemoService(
                FRIDAY_MEAL,
                "A free hot meal every Friday evening, halal and vegetarian, cooked by volunteers and eaten at "
                "long shared tables.",
            ),
            DemoService(
                COOK_AND_LEARN,
                "Six-week cookery sessions on a small budget, taught by neighbours who know how.",
            ),
        ),
    ),
)


def _m(organisation: str, role: Role, service: str = "", title: str = "") -> DemoMembership:
    return DemoMembership(organisation=organisation, role=role, service=service, title=title)


PEOPLE = (
    # The place admin and the facilitators come first: they are who a demo visitor most often wants to be.
    DemoPerson(
        preferred_name="Priya Raman",
        email="priya.raman@brackenfold.example",
        age=41,
        phone="07700 900101",
        is_place_admin=True,
        memberships=(
            _m(COUNCIL, Role.STAFF, title="Co-production programme lead"),
            _m(COUNCIL, Role.FACILITATOR),
        ),
        profile=DemoProfile(
            about_me=(
                "I look after Coproduce for Brackenfold and lead the council’s co-production programme. Before "
                "that I spent ten years as an occupational therapist, which taught me that the person in front "
                "of you usually knows the answer already."
            ),
            neighbourhood=HOLLYBANK,
            gifts=("Running workshops", "Spreadsheets that behave", "Calming a tense meeting"),
            passions=("Carnatic music", "Allotment growing", "Board games"),
            would_like_to_learn=("British Sign Language", "Pruning fruit trees"),
            languages=("English", "Tamil"),
        ),
    ),
    DemoPerson(
        preferred_name="Neil Sharma",
        email="neil.sharma@brackenfold.example",
        age=44,
        memberships=(
            _m(NHS, Role.STAFF, title="Patient and carer experience manager"),
            _m(NHS, Role.FACILITATOR),
            _m(NHS, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I make sure what patients and carers tell the trust actually reaches the people who can change "
                "things. I’m at my best with a flip chart and a room full of people who disagree."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Facilitating World Café sessions", "Writing in plain English", "Cooking for a crowd"),
            passions=("Cricket", "Bollywood dance classes with my daughter"),
            would_like_to_learn=("Story gathering", "Making short films on a phone"),
            languages=("English", "Punjabi", "Hindi"),
        ),
    ),
    DemoPerson(
        preferred_name="Jay Morgan",
        email="jay.morgan@brackenfold.example",
        age=36,
        memberships=(
            _m(NHS, Role.STAFF, service=RECOVERY_COLLEGE, title="Peer trainer"),
            _m(NHS, Role.FACILITATOR, service=RECOVERY_COLLEGE),
            _m(NHS, Role.USES_SERVICE, service=CMHT),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m a peer trainer at the Recovery College, where I write and teach courses with clinicians as "
                "an equal. I grew up in the Rhondda and came to Brackenfold for university, then stayed."
            ),
            neighbourhood=TANNERS_WHARF,
            pronouns="they/them",
            gifts=("Teaching", "Hearing what is not being said", "Zine making"),
            passions=("Queer history", "Wild swimming", "Welsh rugby"),
            would_like_to_learn=("Facilitating PATH planning", "Bread baking"),
            languages=("English", "Welsh"),
            lived_experience=(
                "I hear voices and have been in hospital twice. The community mental health team still supports "
                "me, and I bring what that feels like from the inside into every course I teach."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Siobhan Kelly",
        email="siobhan.kelly@brackenfold.example",
        age=55,
        memberships=(
            _m(COUNCIL, Role.STAFF, service=COMMUNITY_TEAM, title="Team manager"),
            _m(COUNCIL, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I manage the adult social care community team. I came over from Cork in my twenties as a "
                "newly qualified social worker and never quite got round to going back."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Untangling complicated situations", "Supervision and coaching", "Irish set dancing"),
            passions=("Gaelic football", "Crime novels"),
            would_like_to_learn=("Appreciative conversations", "How to let go of a meeting I usually chair"),
            languages=("English", "Irish"),
        ),
    ),
    DemoPerson(
        preferred_name="Kwame Mensah",
        email="kwame.mensah@brackenfold.example",
        age=34,
        phone="07700 900102",
        memberships=(_m(COUNCIL, Role.STAFF, service=COMMUNITY_TEAM, title="Social worker"),),
        profile=DemoProfile(
            about_me=(
                "I’m a social worker in the community team. I’d rather have a conversation over a cup of tea "
                "in someone’s kitchen than fill in a form about them at my desk."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Listening", "Coaching a Sunday league side", "Fixing bikes"),
            passions=("Football", "Highlife music", "My church choir"),
            would_like_to_learn=("Strengths-based conversations", "Public speaking without notes"),
            languages=("English", "Twi"),
        ),
    ),
    DemoPerson(
        preferred_name="Fiona MacLeod",
        email="fiona.macleod@brackenfold.example",
        age=48,
        memberships=(
            _m(COUNCIL, Role.STAFF, title="Commissioner, adult social care"),
            _m(CARERS, Role.CARER, service=CARERS_BREAKS),
        ),
        profile=DemoProfile(
            about_me=(
                "I decide, with others, what care and support the council pays for. I’m also a daughter "
                "looking after my dad, which has changed how I read a contract."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Budgets", "Writing a service specification", "Hill walking navigation"),
            passions=("Munro bagging", "Folk music"),
            would_like_to_learn=("How to commission with people rather than for them",),
            languages=("English", "Scottish Gaelic (a little)"),
            lived_experience=(
                "My dad has had two strokes. I drive up to see him every other weekend and use the carers’ "
                "breaks service when work and caring collide."
            ),
            lived_experience_visibility=Visibility.FACILITATORS,
        ),
    ),
    DemoPerson(
        preferred_name="Winston Clarke",
        email="winston.clarke@brackenfold.example",
        age=67,
        phone="07700 900103",
        memberships=(
            _m(COUNCIL, Role.MEMBER, title="Councillor for Tanners Wharf"),
            _m(KITCHEN, Role.VOLUNTEER, service=FRIDAY_MEAL, title="Washing-up captain"),
        ),
        profile=DemoProfile(
            about_me=(
                "I drove the number 14 bus for thirty-one years before I stood for the council. Most of what I "
                "know about this borough I learned from the people who got on and off it."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Knowing who to ring", "Dominoes", "Chairing a residents’ meeting"),
            passions=("Calypso", "West Indies cricket", "My grandchildren"),
            would_like_to_learn=("Using video calls properly",),
            languages=("English", "Jamaican Patois"),
        ),
    ),
    DemoPerson(
        preferred_name="Aisha Siddiqui",
        email="aisha.siddiqui@brackenfold.example",
        age=29,
        memberships=(
            _m(COUNCIL, Role.STAFF, service=CONNECTORS, title="Community connector"),
            _m(KITCHEN, Role.VOLUNTEER, service=COOK_AND_LEARN),
        ),
        profile=DemoProfile(
            about_me=(
                "I help people find what is already on their doorstep in Tanners Wharf and Ashgrove. I grew up "
                "two streets from the office, so half my job is knowing whose auntie runs what."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Knowing every group in the area", "Henna", "Translating letters"),
            passions=("Netball", "Poetry nights", "Mentoring girls into sport"),
            would_like_to_learn=("Timebanking", "Data that tells a story"),
            languages=("English", "Urdu", "Punjabi"),
        ),
    ),
    DemoPerson(
        preferred_name="Tomasz Nowak",
        email="tomasz.nowak@brackenfold.example",
        age=38,
        memberships=(_m(NHS, Role.STAFF, service=CMHT, title="Community mental health nurse"),),
        profile=DemoProfile(
            about_me=(
                "I’m a mental health nurse and care coordinator. I trained in Kraków and moved here twelve years "
                "ago with my wife and a very old car."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Staying calm in a crisis", "Woodwork", "Making pierogi"),
            passions=("Mountain biking", "Jazz"),
            would_like_to_learn=("Co-producing care plans", "Teaching with someone who uses our service"),
            languages=("English", "Polish"),
        ),
    ),
    DemoPerson(
        preferred_name="Ruth Abrahams",
        email="ruth.abrahams@brackenfold.example",
        age=61,
        memberships=(
            _m(NHS, Role.STAFF, service=MEMORY, title="Memory service nurse"),
            _m(GARDEN, Role.VOLUNTEER, service=GROWING),
        ),
        profile=DemoProfile(
            about_me=(
                "I’ve worked with people living with dementia for most of my career. On Saturdays I’m in the "
                "community garden, where my patients sometimes teach me more than I teach them."
            ),
            neighbourhood=HOLLYBANK,
            gifts=("Reminiscence work", "Grafting apple trees", "Baking challah"),
            passions=("Choral singing", "My synagogue’s refugee project"),
            would_like_to_learn=("Podcasting",),
            languages=("English", "Hebrew (prayer-book level)"),
        ),
    ),
    DemoPerson(
        preferred_name="Marcus Bell",
        email="marcus.bell@brackenfold.example",
        age=50,
        memberships=(
            _m(KEYSTONE, Role.STAFF, service=ELM_COURT, title="Registered manager"),
            _m(KEYSTONE, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I manage Elm Court. My measure of a good week is how many decisions the tenants made and how "
                "few I did."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Recruiting good people", "DJing", "Rotas that are fair"),
            passions=("Soul and Northern soul", "Cooking Sunday dinner for my husband’s family"),
            would_like_to_learn=("How tenants could interview our new staff",),
        ),
    ),
    DemoPerson(
        preferred_name="Joy Chikwanha",
        email="joy.chikwanha@brackenfold.example",
        age=43,
        phone="07700 900104",
        memberships=(_m(KEYSTONE, Role.STAFF, service=ELM_COURT, title="Support worker"),),
        profile=DemoProfile(
            about_me=(
                "I’m a support worker at Elm Court, mostly on nights. I came from Harare in 2009 and my two "
                "boys are now taller than me."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Hair braiding", "Singing", "Noticing when someone is not themselves"),
            passions=("Gospel choir", "Growing maize and pumpkins"),
            would_like_to_learn=("Makaton", "Driving"),
            languages=("English", "Shona"),
        ),
    ),
    DemoPerson(
        preferred_name="Liam Fletcher",
        email="liam.fletcher@brackenfold.example",
        age=24,
        memberships=(_m(KEYSTONE, Role.STAFF, service=FLOATING, title="Floating support worker"),),
        profile=DemoProfile(
            about_me=(
                "I visit people in their new homes and help with whatever gets in the way of staying there. "
                "It’s my first proper job and I love it."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Benefits forms", "Flat-pack furniture", "Video games"),
            passions=("Brackenfold Town FC", "Drumming"),
            would_like_to_learn=("Motivational interviewing", "Cooking something other than pasta"),
        ),
    ),
    DemoPerson(
        preferred_name="Sam Hughes",
        email="sam.hughes@brackenfold.example",
        age=31,
        easy_read=True,
        memberships=(
            _m(KEYSTONE, Role.USES_SERVICE, service=ELM_COURT),
            _m(GARDEN, Role.VOLUNTEER, service=GROWING, title="Tomato grower"),
        ),
        profile=DemoProfile(
            about_me=(
                "I live in my own flat at Elm Court. I like trains and taking photos. I grow the tomatoes at "
                "the garden."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Photography", "Knowing all the train times", "Watering"),
            passions=("Trains", "Photos", "Tomatoes"),
            would_like_to_learn=("Going on the train to the seaside on my own",),
            lived_experience="I have a learning disability. I have lived on my own for four years.",
            lived_experience_visibility=Visibility.ORGANISATIONS,
            support_needs=(Support.EASY_READ,),
            support_notes="Give me time to answer. Help me read my letters.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Beth Turner",
        email="beth.turner@brackenfold.example",
        age=27,
        easy_read=True,
        memberships=(
            _m(KEYSTONE, Role.USES_SERVICE, service=ELM_COURT),
            _m(KEYSTONE, Role.VOLUNTEER, title="Quality checker"),
        ),
        profile=DemoProfile(
            about_me=(
                "I am a quality checker. I visit services and say if they are good. I love drama and I am in "
                "a theatre group."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Acting", "Saying what I think", "Making people feel welcome"),
            passions=("Drama", "Musicals", "My cat Pickle"),
            would_like_to_learn=("Using a computer to write my reports",),
            lived_experience="I have Down’s syndrome. I know what good support feels like.",
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.EASY_READ, Support.SOMEONE_WITH_ME),
            support_notes="Pictures help me. Short meetings please.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Patrick Doyle",
        email="patrick.doyle@brackenfold.example",
        age=58,
        memberships=(
            _m(KEYSTONE, Role.USES_SERVICE, service=FLOATING),
            _m(KITCHEN, Role.VOLUNTEER, service=FRIDAY_MEAL, title="Cook"),
        ),
        profile=DemoProfile(
            about_me=(
                "I cook on Fridays at the Shared Table. I was a chef in hotels for twenty years, and I’m "
                "getting my confidence back in a kitchen."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Cooking for a hundred", "Knife skills", "Making people laugh"),
            passions=("Horse racing", "Old westerns"),
            would_like_to_learn=("Food hygiene certificate refresher", "Using email"),
            lived_experience=(
                "I lost my job, then my flat, and slept rough for most of a winter. I’ve been sober three years "
                "and had my own front door for two."
            ),
            lived_experience_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Mehmet Yilmaz",
        email="mehmet.yilmaz@brackenfold.example",
        age=39,
        phone="07700 900105",
        memberships=(
            _m(OPEN_DOOR, Role.STAFF, service=PEER_MENTORING, title="Peer mentor"),
            _m(OPEN_DOOR, Role.VOLUNTEER, service=CRISIS_CAFE, title="Tuesday night volunteer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m a peer mentor at Open Door. Six years ago I walked into the crisis café myself; now I "
                "work there, and I still do a Tuesday night for free because it’s where I belong."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Sitting with someone without needing to fix it", "Playing the bağlama", "Barbering"),
            passions=("Galatasaray", "Kurdish folk music", "Fishing at the reservoir"),
            would_like_to_learn=("Training new mentors", "Writing my story down"),
            languages=("English", "Turkish", "Kurmanji"),
            lived_experience=(
                "After my marriage ended I went through a very dark winter and did not want to be alive. The "
                "café was open at 2 a.m. when nothing else was."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Gemma Walsh",
        email="gemma.walsh@brackenfold.example",
        age=46,
        memberships=(
            _m(OPEN_DOOR, Role.STAFF, title="Service manager"),
            _m(OPEN_DOOR, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I run Open Door day to day. Half our staff team have used mental health services, and they "
                "are why people trust us."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Grant applications", "Keeping the lights on", "Running half marathons slowly"),
            passions=("Park runs", "Audiobooks", "My rescue greyhound"),
            would_like_to_learn=("Recognising volunteers’ hidden talents properly",),
        ),
    ),
    DemoPerson(
        preferred_name="Chloe Barker",
        email="chloe.barker@brackenfold.example",
        age=19,
        reduced_motion=True,
        memberships=(
            _m(OPEN_DOOR, Role.USES_SERVICE, service=PEER_MENTORING),
            _m(CARERS, Role.CARER, service=YOUNG_CARERS, title="Young adult carer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m at college doing art and design. I help look after my mum, and I have a peer mentor who gets it."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Illustration", "TikTok editing", "Explaining things to younger carers"),
            passions=("Manga", "Vintage clothes", "Climate action"),
            would_like_to_learn=("Screen printing", "Speaking up in meetings"),
            lived_experience=(
                "I’ve had anxiety since secondary school and I’ve been a carer since I was twelve. Some days "
                "both are a lot."
            ),
            lived_experience_visibility=Visibility.FACILITATORS,
            support_needs=(Support.QUIET_SPACE,),
            support_notes="I may step out of the room; please don’t ask why. Send the agenda beforehand.",
            support_visibility=Visibility.FACILITATORS,
        ),
    ),
    DemoPerson(
        preferred_name="Karen Barker",
        email="karen.barker@brackenfold.example",
        age=52,
        larger_text=True,
        reduced_motion=True,
        memberships=(
            _m(COUNCIL, Role.USES_SERVICE, service=COMMUNITY_TEAM),
            _m(COUNCIL, Role.VOLUNTEER, title="Expert by experience on interview panels"),
        ),
        profile=DemoProfile(
            about_me=(
                "I had my own hair salon in Millbrook for twenty years. Now I sit on the panels that interview "
                "new social workers, and I can tell within a minute who will really listen."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Hairdressing", "Reading people", "Running a small business"),
            passions=("Strictly", "My daughter Chloe’s art", "Quizzes"),
            would_like_to_learn=("Using voice control on my phone",),
            lived_experience=("I have multiple sclerosis. It changed my body and my job, not who I am or what I know."),
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.STEP_FREE,),
            support_notes="Meetings in the morning, a rest break every hour, and a seat near the door.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Bernadette Okafor",
        email="bernadette.okafor@brackenfold.example",
        age=57,
        phone="07700 900106",
        memberships=(
            _m(CARERS, Role.STAFF, title="Centre manager"),
            _m(CARERS, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I’ve run the carers’ centre for eleven years. Carers hold this borough together and I want "
                "every service to know it."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Fundraising", "Jollof rice for fifty", "Campaigning"),
            passions=("Nollywood films", "My parish", "Gardening"),
            would_like_to_learn=("Timebanking for carers",),
            languages=("English", "Igbo"),
        ),
    ),
    DemoPerson(
        preferred_name="Amira Haddad",
        email="amira.haddad@brackenfold.example",
        age=28,
        memberships=(
            _m(CARERS, Role.STAFF, service=CARERS_DROP_IN, title="Carers’ support worker"),
            _m(CARERS, Role.VOLUNTEER, title="Arabic interpreter"),
            # Enters the timebank hours of carers who keep a paper diary rather than use a computer.
            _m(CARERS, Role.TIME_BROKER, title="Timebank broker for the drop-in"),
            # Writes down the stories of carers and older people who would rather tell them aloud.
            _m(CARERS, Role.STORY_GATHERER, title="Story gatherer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I support carers at the morning drop-in. I studied pharmacy in Aleppo and finished a social "
                "care degree here."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Interpreting", "Embroidery", "Making people feel at home"),
            passions=("Photography", "Fairuz songs", "Long walks by the river"),
            would_like_to_learn=("Counselling skills", "Driving on the left"),
            languages=("English", "Arabic", "French"),
            lived_experience=(
                "I came to the UK as a refugee in 2016 with my mother and younger brother. I know what it is to "
                "start again with nothing but each other."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Peggy Ellis",
        email="margaret.ellis@brackenfold.example",
        age=79,
        phone="07700 900107",
        larger_text=True,
        memberships=(
            _m(CARERS, Role.CARER, service=CARERS_DROP_IN),
            _m(KNIT, Role.MEMBER, service=KNIT_THURSDAY),
        ),
        profile=DemoProfile(
            about_me=(
                "I’ve been married to Ron for fifty-six years. I knit for the premature baby unit and I never "
                "miss a Thursday."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Knitting", "Sponge cakes", "Remembering everyone’s birthday"),
            passions=("My grandchildren", "Crosswords", "Coronation Street"),
            would_like_to_learn=("Sending photos on my tablet",),
            lived_experience=(
                "Ron has dementia and I look after him. The drop-in is the one place where somebody asks how I am."
            ),
            lived_experience_visibility=Visibility.ORGANISATIONS,
            support_needs=(Support.LARGE_PRINT,),
            support_notes="I’m better in person than on the phone.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Ron Ellis",
        email="ron.ellis@brackenfold.example",
        age=83,
        larger_text=True,
        memberships=(
            _m(NHS, Role.USES_SERVICE, service=MEMORY),
            _m(GARDEN, Role.MEMBER, service=GROWING),
        ),
        profile=DemoProfile(
            about_me=(
                "I was a joiner for forty-five years. I built the benches at the community garden and I still "
                "sand them down every spring."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Joinery", "Sharpening tools", "Old Brackenfold stories"),
            passions=("Brass bands", "Rugby league", "Peggy"),
            would_like_to_learn=("Teaching a youngster to use a plane",),
            lived_experience=(
                "I have Alzheimer’s. Some days are clearer than others. My hands remember things my head forgets."
            ),
            lived_experience_visibility=Visibility.ORGANISATIONS,
            support_needs=(Support.LARGE_PRINT, Support.SOMEONE_WITH_ME),
            support_notes="One thing at a time, and mornings are best. Peggy helps me with the phone.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Zainab Hussain",
        email="zainab.hussain@brackenfold.example",
        age=35,
        memberships=(
            _m(CARERS, Role.CARER, service=CARERS_DROP_IN),
            _m(CARERS, Role.VOLUNTEER, title="Runs the Bengali carers’ coffee morning"),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m mum to three, and my middle son is autistic. I started a coffee morning for Bengali-speaking "
                "carers because too many of us were coping alone."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Bringing people together", "Sewing", "Navigating school meetings"),
            passions=("Cooking with my mother", "Nasheeds", "My children’s football"),
            would_like_to_learn=("Public speaking", "Becoming a trainer for new social workers"),
            languages=("English", "Bengali", "Sylheti"),
            lived_experience=(
                "Getting my son’s diagnosis took four years. I learned every rule of the system the hard way, and "
                "now I share that with other parents."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Harjit Kaur Gill",
        email="harjit.gill@brackenfold.example",
        age=64,
        memberships=(
            _m(CARERS, Role.CARER, service=CARERS_BREAKS),
            _m(KITCHEN, Role.VOLUNTEER, service=COOK_AND_LEARN, title="Teaches dal and roti"),
        ),
        profile=DemoProfile(
            about_me=(
                "I look after my husband since his stroke. At the gurdwara we feed everyone who comes, so when "
                "the church and the mosque started a kitchen, of course I joined them."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Cooking", "Seva", "Patience"),
            passions=("Kirtan", "Walking group", "WhatsApp family group"),
            would_like_to_learn=("English reading and writing", "Chair yoga"),
            languages=("Punjabi", "English", "Hindi"),
            lived_experience="Caring for my husband is full time now. A short break once a month keeps me going.",
            lived_experience_visibility=Visibility.ORGANISATIONS,
            support_needs=(Support.INTERPRETER,),
            support_notes="A Punjabi interpreter for anything written down.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Kai Brooks",
        email="kai.brooks@brackenfold.example",
        age=18,
        memberships=(_m(CARERS, Role.CARER, service=YOUNG_CARERS),),
        profile=DemoProfile(
            about_me=(
                "I just finished sixth form and I’m starting an electrician apprenticeship. I help my mum with "
                "my two little sisters."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Fixing phones", "Making the little ones laugh", "Football"),
            passions=("Grime", "Five-a-side", "Cars"),
            would_like_to_learn=("Driving", "Budgeting"),
            lived_experience=(
                "My mum has chronic pain and some weeks she can’t get out of bed. I’ve done the school run since "
                "I was thirteen."
            ),
            lived_experience_visibility=Visibility.FACILITATORS,
        ),
    ),
    DemoPerson(
        preferred_name="Paul Whitcombe",
        email="paul.whitcombe@brackenfold.example",
        age=62,
        memberships=(
            _m(CARERS, Role.CARER, service=CARERS_DROP_IN),
            _m(NHS, Role.VOLUNTEER, service=RECOVERY_COLLEGE, title="Co-tutor, Looking After Yourself as a Carer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I was a stage manager in theatres for thirty years, so I can run anything to a schedule. I care "
                "for my husband Gareth, who has Parkinson’s."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Organising", "Lighting design", "Reading aloud"),
            passions=("Theatre", "Opera", "Our garden"),
            would_like_to_learn=("Co-designing a course from scratch",),
            lived_experience=(
                "Caring crept up on me over six years. Nobody called me a carer until a nurse did, and that word "
                "opened doors."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Nell Whitaker",
        email="eleanor.whitaker@brackenfold.example",
        age=68,
        memberships=(
            _m(GARDEN, Role.VOLUNTEER, title="Garden coordinator"),
            _m(GARDEN, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I taught biology at Hollybank High for thirty-three years, and the garden is my retirement. I "
                "believe everybody can grow something."
            ),
            neighbourhood=HOLLYBANK,
            gifts=("Seed saving", "Teaching", "Writing funding bids"),
            passions=("Beekeeping", "Birdwatching", "Quakers’ meeting"),
            would_like_to_learn=("Making the garden accessible for Deaf visitors", "Social media"),
        ),
    ),
    DemoPerson(
        preferred_name="Ahmed Farah",
        email="ahmed.farah@brackenfold.example",
        age=45,
        phone="07700 900108",
        memberships=(
            _m(GARDEN, Role.VOLUNTEER, service=GROWING),
            _m(KITCHEN, Role.VOLUNTEER, service=FRIDAY_MEAL),
        ),
        profile=DemoProfile(
            about_me=(
                "I drive a taxi at night and grow herbs in the day. The coriander and basil at the Shared Table "
                "come from my bed at the garden."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Growing herbs", "Knowing every street in the borough", "Somali poetry"),
            passions=("Football", "Tea with cardamom", "My mosque"),
            would_like_to_learn=("Beekeeping", "Bookkeeping for a small business"),
            languages=("Somali", "English", "Arabic"),
        ),
    ),
    DemoPerson(
        preferred_name="Mei Lin Zhou",
        email="meilin.zhou@brackenfold.example",
        age=71,
        larger_text=True,
        memberships=(
            _m(GARDEN, Role.MEMBER, service=GROWING),
            _m(KNIT, Role.MEMBER, service=KNIT_THURSDAY),
        ),
        profile=DemoProfile(
            about_me=(
                "I came from Hong Kong in 1975 and ran a takeaway with my husband until he passed. Now I do tai "
                "chi in the garden and teach the knitters to crochet."
            ),
            neighbourhood=HOLLYBANK,
            gifts=("Tai chi", "Crochet", "Dumpling making"),
            passions=("Cantonese opera", "Mahjong", "Orchids"),
            would_like_to_learn=("Video calls with my grandson in Canada",),
            languages=("Cantonese", "English"),
            support_needs=(Support.HEARING_LOOP,),
            support_notes="Or a quiet room. Please face me when you speak.",
            support_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Brenda Holt",
        email="brenda.holt@brackenfold.example",
        age=74,
        phone="07700 900109",
        memberships=(
            _m(KNIT, Role.VOLUNTEER, service=KNIT_THURSDAY, title="I put the kettle on and keep the register"),
            _m(KNIT, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I started Knit and Natter after my husband died because the house was too quiet. Twenty years "
                "later it’s still the best afternoon of the week."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Knitting", "Welcoming newcomers", "Organising a coach trip"),
            passions=("Ballroom dancing", "Bingo", "My church’s flower rota"),
            would_like_to_learn=("Putting our group on the internet",),
        ),
    ),
    DemoPerson(
        preferred_name="Gloria Baptiste",
        email="gloria.baptiste@brackenfold.example",
        age=81,
        larger_text=True,
        memberships=(
            _m(COUNCIL, Role.USES_SERVICE, service=COMMUNITY_TEAM),
            _m(KNIT, Role.MEMBER, service=KNIT_THURSDAY),
        ),
        profile=DemoProfile(
            about_me=(
                "I came from St Lucia in 1962 to train as a nurse and I nursed in Brackenfold for forty years. "
                "These days carers come to me, which takes some getting used to."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Crochet", "Telling it straight", "Nursing know-how"),
            passions=("My Seventh-day Adventist church", "Hymns", "Sorrel at Christmas"),
            would_like_to_learn=("How to talk back to the council on the computer",),
            languages=("English", "Kwéyòl"),
            lived_experience=(
                "I had a fall two years ago. Now a home carer helps me wash and dress, and I have opinions about "
                "how that should be done."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.LARGE_PRINT, Support.STEP_FREE),
            support_notes="A chair with arms, please.",
            support_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Derek Mills",
        email="derek.mills@brackenfold.example",
        age=66,
        larger_text=True,
        memberships=(
            _m(COUNCIL, Role.USES_SERVICE, service=CONNECTORS),
            _m(KNIT, Role.MEMBER, service=KNIT_THURSDAY),
        ),
        profile=DemoProfile(
            about_me=(
                "I was a postman in Fold Green for thirty-eight years. I’m the only man at Knit and Natter and "
                "I knit by feel."
            ),
            neighbourhood=FOLD_GREEN,
            gifts=("Knowing the borough street by street", "Knitting by touch", "Talking books recommendations"),
            passions=("Radio drama", "Speedway", "Brass bands"),
            would_like_to_learn=("Getting more out of my screen reader",),
            lived_experience=(
                "Macular degeneration took most of my sight in five years. A community connector got me out of "
                "the house again."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.LARGE_PRINT,),
            support_notes="I use a screen reader. Please say who is in the room.",
            support_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Revd Sarah Penrose",
        email="sarah.penrose@brackenfold.example",
        age=49,
        memberships=(_m(KITCHEN, Role.MEMBER, title="Co-founder, vicar of St Mark’s"),),
        profile=DemoProfile(
            about_me=(
                "I’m the vicar of St Mark’s on Wharf Street. Yusuf and I started the Shared Table over a cup of "
                "tea, and it’s the best thing either of us has done."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Hospitality", "Conflict resolution", "Playing the organ badly"),
            passions=("Cornish pasties", "Surfing when I get home to Cornwall", "Justice"),
            would_like_to_learn=("Bengali greetings", "Running an Open Space event"),
        ),
    ),
    DemoPerson(
        preferred_name="Yusuf Rahman",
        email="yusuf.rahman@brackenfold.example",
        age=53,
        phone="07700 900110",
        memberships=(
            _m(KITCHEN, Role.VOLUNTEER, title="Co-founder, trustee of the Al-Noor Mosque"),
            _m(KITCHEN, Role.ORG_ADMIN),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m an accountant and a trustee of the Al-Noor Mosque. I look after the Shared Table’s money "
                "and its rota, and I carve the meat on Fridays."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Accounts", "Interfaith work", "Carving"),
            passions=("Cricket", "Calligraphy", "My allotment"),
            would_like_to_learn=("Recording the hours our volunteers give",),
            languages=("English", "Bengali", "Arabic"),
        ),
    ),
    DemoPerson(
        preferred_name="Daniela Costa",
        email="daniela.costa@brackenfold.example",
        age=33,
        memberships=(
            _m(KITCHEN, Role.USES_SERVICE, service=FRIDAY_MEAL),
            _m(KITCHEN, Role.VOLUNTEER, service=COOK_AND_LEARN, title="Teaches Brazilian home cooking"),
        ),
        profile=DemoProfile(
            about_me=(
                "I came from Belo Horizonte with my daughter four years ago. We eat at the Shared Table most "
                "Fridays, and now I teach feijoada at Cook and Learn."
            ),
            neighbourhood=TANNERS_WHARF,
            gifts=("Cooking on a budget", "Cutting hair", "Capoeira"),
            passions=("Samba", "Volleyball", "My daughter’s school"),
            would_like_to_learn=("English for work", "Food hygiene certificate"),
            languages=("Portuguese", "Spanish", "English"),
        ),
    ),
    DemoPerson(
        preferred_name="Oliver Grant",
        email="oliver.grant@brackenfold.example",
        age=26,
        memberships=(
            _m(COUNCIL, Role.USES_SERVICE, service=DIRECT_PAYMENTS),
            _m(GARDEN, Role.VOLUNTEER, title="Website volunteer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m a software tester and I employ two personal assistants with my direct payment. I built the "
                "garden’s website, and I’m working on the knitters."
            ),
            neighbourhood=OLD_TOWN,
            gifts=("Web design", "Accessibility testing", "Explaining tech without jargon"),
            passions=("Wheelchair basketball", "Sci-fi", "Craft beer"),
            would_like_to_learn=("Growing chillies", "Being an employer who is a good employer"),
            lived_experience=(
                "A cycling accident at twenty-one left me with a spinal cord injury. Choosing my own PAs is what "
                "gave me my life back."
            ),
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.STEP_FREE,),
            support_notes="And an accessible toilet: please check before you book a venue.",
            support_visibility=Visibility.EVERYONE,
        ),
    ),
    DemoPerson(
        preferred_name="Bilal Khan",
        email="bilal.khan@brackenfold.example",
        age=22,
        memberships=(
            _m(NHS, Role.USES_SERVICE, service=RECOVERY_COLLEGE),
            _m(NHS, Role.VOLUNTEER, service=RECOVERY_COLLEGE, title="Course co-designer"),
        ),
        profile=DemoProfile(
            about_me=(
                "I started at the Recovery College as a student and now I help design the courses. I’m "
                "studying computer science part time."
            ),
            neighbourhood=ASHGROVE,
            gifts=("Coding", "Spotting patterns", "Local history facts"),
            passions=("Mughal history", "Retro games", "Urban exploring"),
            would_like_to_learn=("Presenting to a room", "Arabic"),
            languages=("English", "Urdu"),
            lived_experience=(
                "I’m autistic and had depression through university. The course I took taught me I wasn’t broken."
            ),
            lived_experience_visibility=Visibility.FACILITATORS,
            support_needs=(Support.QUIET_SPACE,),
            support_notes="The agenda in advance, and what we agreed in writing afterwards.",
            support_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Florin Popescu",
        email="florin.popescu@brackenfold.example",
        age=40,
        phone="07700 900111",
        memberships=(
            _m(KEYSTONE, Role.USES_SERVICE, service=FLOATING),
            _m(KEYSTONE, Role.VOLUNTEER, title="Romanian interpreter"),
        ),
        profile=DemoProfile(
            about_me=(
                "I work in the warehouse at Brackenfold Park. When I lost my job last year Liam helped me keep my "
                "flat, and now I interpret for other Romanian tenants."
            ),
            neighbourhood=MILLBROOK,
            gifts=("Interpreting", "Plastering and tiling", "Fixing cars"),
            passions=("Football", "Orthodox Easter with my family", "Fishing"),
            would_like_to_learn=("A forklift licence", "Better written English"),
            languages=("Romanian", "English", "Italian"),
            lived_experience="Losing work and almost losing my home in the same month. I know how fast it happens.",
            lived_experience_visibility=Visibility.ORGANISATIONS,
        ),
    ),
    DemoPerson(
        preferred_name="Becky Shaw",
        email="rebecca.shaw@brackenfold.example",
        age=37,
        memberships=(
            _m(GARDEN, Role.MEMBER, service=GROWING),
            _m(NHS, Role.VOLUNTEER, service=RECOVERY_COLLEGE, title="BSL taster session tutor"),
        ),
        profile=DemoProfile(
            about_me=(
                "I’m a teaching assistant at a school with a Deaf unit. I run BSL taster sessions at the "
                "Recovery College so that more staff can say more than hello."
            ),
            neighbourhood=HOLLYBANK,
            gifts=("Teaching BSL", "Visual storytelling", "Pottery"),
            passions=("Deaf theatre", "Climbing", "Pottery"),
            would_like_to_learn=("Growing vegetables", "Running a course on my own"),
            languages=("British Sign Language", "English"),
            lived_experience="I was born Deaf. BSL is my first language; English is my second.",
            lived_experience_visibility=Visibility.EVERYONE,
            support_needs=(Support.BSL,),
            support_notes="Captions on videos, please.",
            support_visibility=Visibility.EVERYONE,
        ),
    ),
)


BRACKENFOLD = DemoPlace(
    name="Brackenfold",
    description=(
        "Brackenfold is a river borough of old mill streets, new estates and a Saturday market that has traded "
        "for three hundred years. Its people, public services and community groups are learning to design and "
        "run support together, as neighbours and equals."
    ),
    contact_email="hello@brackenfold.example",
    neighbourhoods=(OLD_TOWN, MILLBROOK, HOLLYBANK, TANNERS_WHARF, FOLD_GREEN, ASHGROVE),
    organisations=ORGANISATIONS,
    people=PEOPLE,
)
