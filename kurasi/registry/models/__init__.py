from .business import Business, BusinessScale, Gender, scale_for
from .certificate import Certificate, CertificateStatus, CertificateType
from .importing import ImportColumnMapping
from .product import Product, ProductGroup, ProductPhoto
from .region import RegionAlias

__all__ = [
    "Business",
    "BusinessScale",
    "Certificate",
    "CertificateStatus",
    "CertificateType",
    "Gender",
    "ImportColumnMapping",
    "Product",
    "ProductGroup",
    "ProductPhoto",
    "RegionAlias",
    "scale_for",
]
