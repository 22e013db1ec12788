"""Curators' product groups and conflicts of interest as JSON. A curator is shown by name only;
a conflict's business by name and village, as the conflicts page shows it to curators."""

from rest_framework import serializers

from .serializers_facilitation import RECORD_ID


class CoveredGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product_group_id")
    code = serializers.CharField(source="product_group.code")
    name = serializers.CharField(source="product_group.name")


class CuratorSerializer(serializers.Serializer):
    """A curator of the office with the product groups they assess."""

    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    groups = CoveredGroupSerializer(many=True, source="covered")
    conflicts_declared = serializers.IntegerField(
        source="conflict_count",
        help_text="Conflicts of interest declared with the office's businesses.",
    )


class CuratorGroupsInput(serializers.Serializer):
    groups = serializers.ListField(
        child=serializers.IntegerField(**RECORD_ID),
        allow_empty=True,
        help_text="Ids of the office's product groups: all the groups the curator assesses "
        "(the list replaces the current one; [] removes them all).",
    )

    def to_form_data(self) -> dict:
        return {"groups": [str(pk) for pk in self.validated_data["groups"]]}


class ConflictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    curator_id = serializers.IntegerField()
    curator_name = serializers.CharField(source="curator.full_name")
    business_id = serializers.IntegerField()
    business_name = serializers.CharField(source="business.name")
    village_name = serializers.CharField(source="business.village_name")
    relation = serializers.CharField()
    declared_at = serializers.DateTimeField()


class ConflictInput(serializers.Serializer):
    business = serializers.IntegerField(**RECORD_ID, help_text="Id of the office's business.")
    relation = serializers.CharField(
        max_length=200, help_text="e.g. family, employer, supplier, business partner"
    )

    def to_form_data(self) -> dict:
        return dict(self.validated_data)
