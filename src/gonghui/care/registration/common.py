"""What the care record types share: the unions they belong to.

Restricted fields (a hardship situation, a claim's illness) are declared on the models
(``sensitive_fields``) and masked by the one sensitivity policy, ``core/sensitivity.py``.
"""

from __future__ import annotations

from gonghui.orgs.models import OrgType

UNION_TYPES = [t for t in OrgType.values if t != OrgType.GROUP]
