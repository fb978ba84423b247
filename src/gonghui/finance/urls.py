from django.urls import path

from gonghui.finance import views

app_name = "finance"
urlpatterns = [
    path("vouchers/<int:pk>/post/", views.VoucherPostView.as_view(), name="voucher-post"),
    path("vouchers/<int:pk>/reverse/", views.VoucherReverseView.as_view(), name="voucher-reverse"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger/export/", views.LedgerExportView.as_view(), name="ledger-export"),
    path("dues-calculator/", views.DuesCalculatorView.as_view(), name="dues-calculator"),
]
