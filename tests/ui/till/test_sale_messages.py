"""Every error of the money at the till gets its own sentence for the cashier."""

from __future__ import annotations

import pytest

from bazaar_pos.errors import (
    InvalidDiscount,
    InvalidVoid,
    LoginRequired,
    NonCashOverTotal,
    ParkedProductUnavailable,
    ParkedSaleNotFound,
    PaymentShort,
    TooManyCashPayments,
    UnknownCode,
)
from bazaar_pos.people.access import (
    ApprovalAction,
    ApprovalProblem,
    ApprovalRefused,
    ApprovalRequest,
    NotPermitted,
)
from bazaar_pos.ui.messages import describe_error
from bazaar_pos.ui.till.sale_messages import describe_sale_error


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (
            InvalidDiscount("12,5%", "not_a_number"),
            "Diskon '12,5%' tidak dimengerti. Contoh: 10% atau 5.000.",
        ),
        (
            InvalidDiscount("150%", "percent_range"),
            "Diskon '150%' tidak valid: persen harus 1 sampai 100.",
        ),
        (InvalidDiscount("-1", "negative"), "Diskon tidak boleh negatif ('-1')."),
        (
            InvalidDiscount("95000", "above_value", 90_000),
            "Diskon Rp 95.000 lebih besar dari nilainya (Rp 90.000).",
        ),
        (InvalidDiscount("-5", "negative_price"), "Harga tidak boleh negatif ('-5')."),
        (
            NonCashOverTotal(90_000, 100_000),
            "QRIS/transfer Rp 100.000 melebihi total Rp 90.000: kembalian hanya dari tunai.",
        ),
        (
            PaymentShort(90_000, 30_000),
            "Pembayaran Rp 30.000 belum menutup total Rp 90.000: sisanya Rp 60.000.",
        ),
        (TooManyCashPayments(), "Tunai hanya boleh satu kali dalam satu pembayaran."),
        (LoginRequired("Siti"), "Silakan masuk (login) dengan nama pengguna dan PIN dulu."),
        (
            NotPermitted("discount", "cashier", "Siti", ""),
            "Diskon dan ubah harga hanya bisa setelah pengguna dibuat dan masuk (login).",
        ),
        (ParkedSaleNotFound("x"), "Transaksi yang ditunda itu tidak ada lagi di kasa ini."),
        (
            ParkedProductUnavailable("x", 3, "Talenan kayu jati"),
            "Produk 'Talenan kayu jati' sudah tidak dijual lagi: "
            "transaksi yang ditunda tetap disimpan.",
        ),
        (InvalidVoid(4, 3), "Tidak bisa membatalkan 4 dari baris berisi 3."),
    ],
)
def test_sentences(error: Exception, sentence: str) -> None:
    assert describe_sale_error(error) == sentence


def test_other_errors_are_left_to_the_other_areas() -> None:
    assert describe_sale_error(UnknownCode("123")) is None
    # A logged-in cashier's refusal is the people area's sentence (with the role needed).
    assert describe_sale_error(NotPermitted("discount", "supervisor", "kasir", "cashier")) is None


WANTED = ApprovalRequest(ApprovalAction.LINE_DISCOUNT, "line:a", 9_900, "supervisor")


@pytest.mark.parametrize(
    ("problem", "sentence"),
    [
        (ApprovalProblem.USED, "Persetujuan ini sudah dipakai: minta PIN supervisor lagi."),
        (
            ApprovalProblem.EXPIRED,
            "Persetujuan sudah kedaluwarsa (lebih dari 10 menit): minta PIN lagi.",
        ),
        (
            ApprovalProblem.OTHER_AMOUNT,
            "Persetujuan diberikan untuk perubahan atau jumlah lain: minta PIN supervisor untuk "
            "yang sekarang.",
        ),
        (
            ApprovalProblem.OTHER_ACTION,
            "Persetujuan diberikan untuk perubahan atau jumlah lain: minta PIN supervisor untuk "
            "yang sekarang.",
        ),
        (
            ApprovalProblem.APPROVER_ROLE,
            "Yang menyetujui sudah tidak aktif atau perannya tidak cukup: minta PIN supervisor.",
        ),
        (
            ApprovalProblem.APPROVER_INACTIVE,
            "Yang menyetujui sudah tidak aktif atau perannya tidak cukup: minta PIN supervisor.",
        ),
    ]
    + [
        (
            problem,
            "Persetujuan ini bukan untuk transaksi ini: minta PIN supervisor lagi.",
        )
        for problem in (
            ApprovalProblem.UNKNOWN,
            ApprovalProblem.OTHER_SUBJECT,
            ApprovalProblem.OTHER_REQUESTER,
            ApprovalProblem.OTHER_TILL,
        )
    ],
)
def test_every_reason_an_approval_is_refused_has_a_sentence(
    problem: ApprovalProblem, sentence: str
) -> None:
    assert describe_sale_error(ApprovalRefused(problem, WANTED, "kasir", "cashier")) == sentence
    # Through the registry every screen uses, too.
    assert describe_error(ApprovalRefused(problem, WANTED, "kasir", "cashier")) == sentence
