"""The people app's models, one module per idea; everything is importable from coproduce.people.models."""

from coproduce.people.models.assets import CommunityAsset, PioneerNomination
from coproduce.people.models.consent import Consent, ConsentTopic, ConsentWording
from coproduce.people.models.data import DataExport, PeopleImport
from coproduce.people.models.person import Person, PersonManager
from coproduce.people.models.profile import Language, Neighbourhood, Profile, ProfileTag, Tag, TagSynonym
from coproduce.people.models.search import SearchEntry
from coproduce.people.models.visibility import Visibility

__all__ = [
    "CommunityAsset",
    "Consent",
    "ConsentTopic",
    "ConsentWording",
    "DataExport",
    "Language",
    "Neighbourhood",
    "PeopleImport",
    "Person",
    "PersonManager",
    "PioneerNomination",
    "Profile",
    "ProfileTag",
    "SearchEntry",
    "Tag",
    "TagSynonym",
    "Visibility",
]
