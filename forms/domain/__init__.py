"""Indonesian social-welfare vocabulary: NIK, No. KK, Kemendagri regions, PPKS categories (docs/domain.md)."""
