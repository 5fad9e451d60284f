from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives.selectors import membership_list_for_user

User = get_user_model()


class MeMembershipOutput(serializers.Serializer):
    initiative = serializers.CharField(source="initiative.slug")
    initiative_name = serializers.CharField(source="initiative.name")
    role = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)


class MeOutput(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "language", "memberships"]

    @extend_schema(responses=MeMembershipOutput(many=True))
    def get_memberships(self, obj) -> list[dict]:
        return MeMembershipOutput(membership_list_for_user(user=obj), many=True).data


class MeView(APIView):
    """The caller's own account and roles."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(MeOutput(request.user).data)
