"""Stage 2, model: the fact-file format as immutable, validated pydantic models.

One definition gives the validation, the editor's JSON Schema and the `briefing.json`
export. Each fact file validates alone; `Briefing` puts a folder's files together.
Every model remembers where it came from (`at`), so later stages can point at it.

The package's modules follow the format's parts (ids and the base of every fact, dates,
citations and sources, actors, places, events with claims and quotes, the briefing);
the names are used from here, `model.Event`, wherever they are defined.
"""

from .base import ID_PATTERN, slugify, MAX_ID_LENGTH, Id, LANGUAGE_PATTERN, Language, Text, Markdown, IdList, Fact, child_fields, walk, rule, Unattributed  # noqa: F401
from .when import EdtfText, DAY_PATTERN, Day, Added, Updated, When  # noqa: F401
from .citations import TranslatedBy, WHOLE_FILE, TRANSLATION_KEYS, Translation, TranslatedByKey, Citation, Citations, Cited, Source, SourcesFile, SourceKind  # noqa: F401
from .actors import ActorKind, RelationType, Role, Relation, Actor, ActorsFile  # noqa: F401
from .places import Coordinates, PlaceKind, GazetteerName, Gazetteer, Place, PlacesFile  # noqa: F401
from .events import Stance, What, Figure, Effect, ClaimStatus, About, Account, Response, Event, EventsFile, Status, Claim, ClaimsFile, Quote, QuotesFile  # noqa: F401
from .briefing import Handling, Trend, Edition, BriefingFile, FILES, REQUIRED_FILES, LIST_FILES, Document, Briefing  # noqa: F401
