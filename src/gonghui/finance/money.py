"""Money: Decimal yuan with two places, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def cents(value: Any) -> Decimal:
    """``value`` as yuan rounded half up to the cent."""
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def share_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, to the cent."""
    return cents(Decimal(amount) * Decimal(percent) / HUNDRED)


def money_field(verbose_name: Any, *, signed: bool = False, **kwargs: Any) -> models.DecimalField:
    """A yuan amount: 12 digits, two decimals; not negative unless ``signed``."""
    validators = list(kwargs.pop("validators", []))
    if not signed:
        validators.append(MinValueValidator(ZERO, message=_("The amount cannot be negative.")))
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, validators=validators, **kwargs)


def percent_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """A percentage 0–100 with two decimals (60.00 means 60 %)."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(ZERO, message=_("A share cannot be negative.")),
            MaxValueValidator(HUNDRED, message=_("A share cannot exceed 100%%.")),
        ],
        **kwargs,
    )


def yuan(value: Decimal | None) -> str:
    """1234.5 → "1234.50" (for messages; the pages show amounts the same way)."""
    return "—" if value is None else f"{cents(value):.2f}"
