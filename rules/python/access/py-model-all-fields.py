from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from rest_framework import serializers

from .models import Article, CustomerAccount


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        # ruleid: py-model-all-fields
        fields = "__all__"


class AccountForm(forms.ModelForm):
    class Meta:
        model = CustomerAccount
        # ruleid: py-model-all-fields
        fields = "__all__"


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        # ok: py-model-all-fields
        fields = ["id", "username"]


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        # ok: py-model-all-fields
        fields = "__all__"
