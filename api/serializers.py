"""What the API shows of organisations, agreements, versions, decisions and the timeline."""

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.models import (
    Agreement,
    Comment,
    CommentThread,
    Decision,
    PublishedVersion,
    Signature,
    Version,
)
from agreements.models.signing import requirements
from agreements.versions.publication import public_document, publications_of
from agreements.versions.signing import party_keys
from agreements.versions.status import Status
from api.schema import steps_schema


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "official_name",
            "layer",
            "partner_kind",
            "code",
            "abbreviation",
            "tooi_uri",
            "oin",
            "valid_on",
            "end_date",
        ]


class PartySerializer(serializers.Serializer):
    organisation = serializers.UUIDField(source="organisation_id")
    name = serializers.CharField(source="organisation.name")
    layer = serializers.CharField(source="organisation.layer")
    position = serializers.IntegerField()


class AgreementSerializer(serializers.ModelSerializer):
    """An agreement as the registry shows it: status, parties, versions and next date."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:agreement-detail", lookup_url_kwarg="agreement_id"
    )
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    next_date = serializers.DateField(allow_null=True)
    current_version = serializers.SerializerMethodField()
    signed_version = serializers.SerializerMethodField()
    parties = PartySerializer(many=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
            "title",
            "theme",
            "status",
            "draft_open",
            "revision",
            "current_version",
            "signed_version",
            "in_force_start",
            "in_force_end",
            "next_date",
            "parties",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_current_version(self, agreement: Agreement) -> int | None:
        return self.context["numbers"].get(agreement.current_version_id)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_signed_version(self, agreement: Agreement) -> int | None:
        return self.context["numbers"].get(agreement.signed_version_id)


class SignatureSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name")

    class Meta:
        model = Signature
        fields = [
            "organisation",
            "organisation_name",
            "method",
            "signatory_name",
            "signatory_function",
            "basis",
            "place",
            "signed_on",
            "recorded_at",
        ]


# One party's place in a version's signing plan. Declared inline: a serializer class cannot
# declare a field named `required` (mypy: it would shadow Field.required).
SIGNING_REQUIREMENT = inline_serializer(
    name="SigningRequirement",
    fields={
        "party": serializers.UUIDField(),  # the organisation
        "tier": serializers.IntegerField(),  # its round: 1 signs first
        "required": serializers.IntegerField(),  # signatures it needs ...
        "signatories": serializers.IntegerField(),  # ... of so many representatives
    },
    many=True,
)


class VersionSerializer(serializers.ModelSerializer):
    """An adopted version: its canonical document, hash, signing plan and signatures."""

    signatures = SignatureSerializer(many=True)
    signing_plan = serializers.SerializerMethodField()
    document = serializers.JSONField()

    @extend_schema_field(SIGNING_REQUIREMENT)
    def get_signing_plan(self, version: Version) -> list[dict]:
        """Every party of the version, in order, with its round and quorum (without a plan:
        round 1, one signature each)."""
        keys = party_keys(version)
        return [
            requirement.as_json(key)
            for key, requirement in requirements(version.signing_plan, keys).items()
        ]

    class Meta:
        model = Version
        fields = [
            "number",
            "title",
            "adopted_at",
            "adopted_by_label",
            "note",
            "start_date",
            "end_date",
            "schema_version",
            "sha256",
            "signing_plan",
            "signatures",
            "document",
        ]


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Version
        fields = ["number", "title", "adopted_at", "note", "sha256"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision; `corrects` names the decision it corrects, `corrected_by` the correction
    that replaced it (records that stay written: agreements/records/corrections.py)."""

    version = serializers.IntegerField(source="version.number", allow_null=True, read_only=True)
    corrected_by = serializers.UUIDField(source="correction.pk", allow_null=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "decided_on",
            "table_name",
            "what",
            "mandate_label",
            "reference",
            "version",
            "recorded_at",
            "corrects",
            "correction_reason",
            "corrected_by",
        ]
        read_only_fields = [
            "id",
            "version",
            "recorded_at",
            "corrects",
            "correction_reason",
            "corrected_by",
        ]


class CommentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author_label", "organisation", "body", "created_at", "mentions"]

    def get_mentions(self, comment: Comment) -> list[str]:
        return [user.full_name or user.email for user in comment.mentions.all()]


class CommentThreadSerializer(serializers.ModelSerializer):
    """A thread the requester may read (`agreements.permissions.visible_threads`)."""

    organisation = serializers.CharField(source="organisation.name", read_only=True)
    resolved = serializers.BooleanField(source="is_resolved", read_only=True)
    comments = CommentSerializer(many=True, read_only=True)

    class Meta:
        model = CommentThread
        fields = [
            "id",
            "step",
            "anchor",
            "visibility",
            "organisation",
            "draft_number",
            "created_at",
            "resolved",
            "resolved_at",
            "comments",
        ]


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    actor = serializers.CharField(allow_blank=True)
    items = serializers.ListField(child=serializers.CharField())


class NewAgreementSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=vocabulary.TITLE)
    organisation = serializers.UUIDField(
        help_text="Een organisatie waarin je opsteller bent; zij wordt de eerste partij."
    )
    template = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Een sjabloon (GET /templates) dat tafels, ladder en waarden alvast invult.",
    )


@extend_schema_field(steps_schema())
class StepFieldsField(serializers.DictField):
    """The fields of one builder step, with the limits of its forms."""


class StepDataSerializer(serializers.Serializer):
    """A builder step's fields as the web form posts them (formsets with their prefixes)."""

    revision = serializers.IntegerField(read_only=True)
    # DRF's metaclass takes declared fields off the class: Serializer.data stays the property.
    data = StepFieldsField(child=serializers.JSONField())  # type: ignore[assignment]


class PublicationSerializer(serializers.ModelSerializer):
    """A version made public under the Woo; the document leaves out civil contacts."""

    number = serializers.IntegerField(source="version.number")
    title = serializers.CharField(source="version.title")
    adopted_at = serializers.DateTimeField(source="version.adopted_at")
    sha256 = serializers.CharField(source="version.sha256")
    published_by = serializers.CharField(source="organisation.name")
    url = serializers.HyperlinkedIdentityField(
        view_name="api:publication-detail", lookup_url_kwarg="publication_id"
    )

    class Meta:
        model = PublishedVersion
        fields = [
            "id",
            "url",
            "number",
            "title",
            "adopted_at",
            "sha256",
            "published_by",
            "published_at",
        ]


class PublicationDetailSerializer(PublicationSerializer):
    """One publication: its public document, its page and PDF, and the agreement's other
    published versions."""

    html = serializers.HyperlinkedIdentityField(
        view_name="public_version", lookup_url_kwarg="publication_id"
    )
    pdf = serializers.HyperlinkedIdentityField(
        view_name="public_version_pdf", lookup_url_kwarg="publication_id"
    )
    versions = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "html", "pdf", "versions", "document"]

    @extend_schema_field(PublicationSerializer(many=True))
    def get_versions(self, published: PublishedVersion) -> list:
        others = publications_of(published.agreement_id)
        versions = PublicationSerializer(others, many=True, context=self.context)
        # many=True makes a ListSerializer, whose data is a list; the stubs say ReturnDict.
        return versions.data  # type: ignore[return-value]

    @extend_schema_field(serializers.JSONField())
    def get_document(self, published: PublishedVersion) -> dict:
        return public_document(published.version)
