from django.urls import path

from . import views

urlpatterns = [
    path("contacten/", views.contact_book, name="contact_book"),
]
