"""Rate limits of the respondent journey beyond the shared ``respondent_link_limit``.

``resume_code_limit``: 10 resume-code attempts a minute from one address (POST only), so a code
cannot be guessed by trying many.
"""

from __future__ import annotations

from flask_limiter.util import get_remote_address

from valuedcare.extensions import limiter

RESUME_CODE_LIMIT = "10 per minute"

resume_code_limit = limiter.limit(RESUME_CODE_LIMIT, key_func=get_remote_address, methods=["POST"])
