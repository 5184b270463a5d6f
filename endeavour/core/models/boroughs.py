from django.db import models


class Borough(models.Model):
    """A local authority area. London's 33 are loaded from ``core/data/local_authorities.csv``."""

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=100, default="London")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
