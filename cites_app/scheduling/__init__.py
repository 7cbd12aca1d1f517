"""Planning the programme: fiches, séances and series, conflicts, registrations, group mix.

Plain Python services (no Qt), each taking the :class:`~cites_app.db.database.Database`:

* :class:`ProgrammeService` — partners, conventions, venues, facilitators, actions, activities.
* :class:`SeriesService` — preview and create séances (one-off or weekly series on the school
  calendar), move, cancel, edit one or "this one and the following".
* :class:`ConflictChecker` — conflicts of the database, of some séances, or of planned ones.
* :class:`RegistrationService` — registrations with a waiting list, candidates, members,
  missing authorisations.
* :func:`group_mix` / :func:`check_mix_targets` — the mix of a group against the targets.
"""

from cites_app.scheduling.authorisations import MissingAuthorisation
from cites_app.scheduling.class_times import (
    DEFAULT_CLASS_TIMES,
    SCHOOL_NIVEAUX,
    Timetable,
    WeeklySlot,
    load_timetables,
    set_class_times,
)
from cites_app.scheduling.conflicts import CONFLICT_KINDS, Conflict, ConflictChecker
from cites_app.scheduling.errors import (
    STALE_MESSAGE,
    ClosedDayError,
    ConcurrentEditError,
    NotFoundError,
    SchedulingError,
    ValidationError,
)
from cites_app.scheduling.group_mix import (
    GroupMix,
    SchoolShare,
    check_mix_targets,
    describe_mix,
    group_mix,
)
from cites_app.scheduling.planned import PlannedSeances
from cites_app.scheduling.programme import (
    ActionData,
    ActivityData,
    ConventionData,
    FacilitatorData,
    PartnerData,
    ProgrammeService,
    VenueData,
)
from cites_app.scheduling.records import Record
from cites_app.scheduling.registration import RegistrationOutcome, RegistrationService
from cites_app.scheduling.registration_lists import CandidateFilter, PupilRow
from cites_app.scheduling.series import (
    UNSET,
    CreatedSeances,
    EditScope,
    SeriesService,
    SessionChanges,
)
from cites_app.scheduling.staffing import StaffingNeed, staffing_need

__all__ = [
    "CONFLICT_KINDS",
    "DEFAULT_CLASS_TIMES",
    "SCHOOL_NIVEAUX",
    "STALE_MESSAGE",
    "UNSET",
    "ActionData",
    "ActivityData",
    "CandidateFilter",
    "ClosedDayError",
    "ConcurrentEditError",
    "Conflict",
    "ConflictChecker",
    "ConventionData",
    "CreatedSeances",
    "EditScope",
    "FacilitatorData",
    "GroupMix",
    "MissingAuthorisation",
    "NotFoundError",
    "PartnerData",
    "PlannedSeances",
    "ProgrammeService",
    "PupilRow",
    "Record",
    "RegistrationOutcome",
    "RegistrationService",
    "SchedulingError",
    "SchoolShare",
    "SeriesService",
    "SessionChanges",
    "StaffingNeed",
    "Timetable",
    "ValidationError",
    "VenueData",
    "WeeklySlot",
    "check_mix_targets",
    "describe_mix",
    "group_mix",
    "load_timetables",
    "set_class_times",
    "staffing_need",
]
