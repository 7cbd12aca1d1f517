"""Social-mix indicators (DESIGN.md §5): a pure engine over numpy, without Qt or SQL.

See :mod:`cites_app.indicators.engine` for the notation, the API and the conventions, and
``docs/indicateurs.md`` for the methodology written for coordinators.
"""

from cites_app.indicators.counts_table import CountsTableError, indicators_report, run_counts
from cites_app.indicators.engine import (
    Component,
    Decomposition,
    Segregation,
    TwoGroup,
    decompose,
    entropy,
    exposure_matrix,
    mutual_information,
    segregation,
    theil_h,
    two_group,
)
from cites_app.indicators.random_baseline import (
    Interval,
    MixingGain,
    RandomBaseline,
    UnitIntervals,
    chance_dominates,
    mixing_gain,
    random_baseline,
    small_units,
)
from cites_app.indicators.table import CountTable, TableLike, as_table
from cites_app.indicators.within_unit import (
    IpsEtaSquared,
    SessionMix,
    UnitDiversity,
    contact_rate,
    contact_rates,
    ips_eta_squared,
    mean_contact_rate,
    session_mix,
    unit_diversity,
)

__all__ = [
    "Component",
    "CountTable",
    "CountsTableError",
    "Decomposition",
    "Interval",
    "IpsEtaSquared",
    "MixingGain",
    "RandomBaseline",
    "Segregation",
    "SessionMix",
    "TableLike",
    "TwoGroup",
    "UnitDiversity",
    "UnitIntervals",
    "as_table",
    "chance_dominates",
    "contact_rate",
    "contact_rates",
    "decompose",
    "entropy",
    "exposure_matrix",
    "indicators_report",
    "ips_eta_squared",
    "mean_contact_rate",
    "mixing_gain",
    "mutual_information",
    "random_baseline",
    "run_counts",
    "segregation",
    "session_mix",
    "small_units",
    "theil_h",
    "two_group",
    "unit_diversity",
]
