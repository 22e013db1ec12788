"""The 2017 programme's decisions: the suggested outcome bands, every proposal confirmed by the
office admin three days after the curation day, three overridden with reasons, and result letters
issued a week after the day. Idempotent and deterministic."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from kurasi.curation.decisions import create_default_bands, decide, issue_letters
from kurasi.curation.models import Assessment, AssessmentStatus, CriterionScore, CurationPlan
from kurasi.curation.models_decisions import CODE_ALPHABET, CODE_LENGTH, Decision
from kurasi.curation.results import compute_results

WIB = ZoneInfo("Asia/Jakarta")
DECIDED_AT = dt.datetime(2017, 9, 22, 10, 0, tzinfo=WIB)
LETTERS_AT = dt.datetime(2017, 9, 26, 9, 0, tzinfo=WIB)

# What curators wrote under "how to improve" for a criterion scored 3 or lower.
ADVICE = {
    "rasa": "Standarkan resep dan takaran agar rasa sama di setiap produksi.",
    "harga": "Hitung ulang biaya produksi dan bandingkan dengan produk sejenis di pasar sasaran.",
    "kapasitas": "Catat produksi bulanan dan siapkan bahan baku untuk pesanan pameran.",
    "masa-simpan": "Uji masa simpan di laboratorium dan cantumkan hasilnya pada label.",
    "kode-produksi": "Cantumkan kode produksi dan tanggal kedaluwarsa pada setiap kemasan.",
    "informasi-gizi": "Tambahkan tabel informasi nilai gizi berdasarkan hasil uji.",
    "bahan-kemasan": "Gunakan kemasan kedap udara yang aman untuk pangan.",
    "desain-kemasan": "Perjelas merek dan ciri khas pada desain kemasan.",
    "kelengkapan-label": "Lengkapi label: komposisi, berat bersih, alamat produsen, nomor P-IRT.",
    "mutu-bahan": "Pilih bahan yang lebih awet dan seragam mutunya.",
    "kerapian": "Rapikan jahitan dan penyelesaian tepi; periksa setiap produk sebelum dikemas.",
    "desain": "Kembangkan model baru yang fungsional sesuai selera pasar.",
    "keunikan": "Tonjolkan ciri lokal Tangerang Selatan pada motif atau bahan.",
    "kemasan": "Sediakan kemasan dan label merek yang melindungi produk.",
    "pasar": "Mulai berjualan daring dan ikut pameran regional.",
    "lingkungan": "Kurangi plastik sekali pakai dan manfaatkan sisa bahan.",
}


def add_demo_advice(programme):
    """Curators' advice on weak criteria and an overall recommendation, where none was written."""
    scores = CriterionScore.objects.filter(
        assessment__application__programme=programme, value__lte=3, recommendation=""
    ).select_related("criterion")
    for score in scores:
        score.recommendation = ADVICE.get(score.criterion.key, "")
    CriterionScore.objects.bulk_update(scores, ["recommendation"])
    assessments = Assessment.objects.filter(
        application__programme=programme, status=AssessmentStatus.SUBMITTED, recommendation=""
    )
    for assessment in assessments:
        score = float(assessment.weighted_score or 0)
        assessment.recommendation = (
            "Produk siap dipamerkan; jaga konsistensi mutu untuk pesanan besar."
            if score >= 75
            else "Ikuti pembinaan kemasan dan label dari Disperindag sebelum pameran berikutnya."
            if score >= 45
            else "Perbaiki mutu produk dan lengkapi legalitas; daftar kembali tahun depan."
        )
    Assessment.objects.bulk_update(assessments, ["recommendation"])


def demo_code(rng):
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _overrides(results):
    """Three deterministic overrides of the kind an office makes, each with its reason."""
    ordered = sorted(results.bands, key=lambda b: -b.minimum_score)
    rows = [r for r in results.rows if r.proposed_band is not None]
    chosen = {}
    disagreeing = [
        r
        for r in rows
        if r.disagreement and not (r.vetoes or r.gate_failed) and r.proposed_band != ordered[0]
    ]
    if disagreeing:
        row = disagreeing[0]
        better = ordered[max(ordered.index(row.proposed_band) - 1, 0)]
        chosen[row.application.pk] = (
            better,
            "Kedua kurator berbeda jauh; sampel dinilai ulang bersama dan disepakati naik satu "
            "tingkat.",
        )
    near = [
        r
        for r in rows
        if not (r.vetoes or r.gate_failed)
        and r.application.pk not in chosen
        and any(0 < float(b.minimum_score) - r.deciding_score <= 2.5 for b in ordered if b.is_pass)
    ]
    if near:
        row = near[0]
        better = ordered[max(ordered.index(row.proposed_band) - 1, 0)]
        chosen[row.application.pk] = (
            better,
            "Kurang dari 2,5 poin dari ambang; label sudah diperbaiki dan diperlihatkan pada hari "
            "kurasi.",
        )
    passing = [r for r in rows if r.proposed_band.is_pass and r.application.pk not in chosen]
    if passing:
        row = passing[-1]
        worse = ordered[min(ordered.index(row.proposed_band) + 1, len(ordered) - 1)]
        chosen[row.application.pk] = (
            worse,
            "Sampel yang dibawa berbeda dari produk yang didaftarkan; perlu kurasi ulang tahun "
            "depan.",
        )
    return chosen


def seed_decisions(programme, admin):
    if Decision.objects.filter(application__programme=programme).exists():
        return
    add_demo_advice(programme)
    create_default_bands(actor=admin, programme=programme)
    # The 2017 call gave producers 14 days to appeal (long closed in the demo).
    CurationPlan.objects.filter(programme=programme).update(appeal_days=14)
    results = compute_results(programme)
    overrides = _overrides(results)
    confirmed = [r.application.pk for r in results.rows if r.application.pk not in overrides]
    decide(actor=admin, programme=programme, application_ids=confirmed, now=DECIDED_AT)
    for application_id, (band, reason) in overrides.items():
        decide(
            actor=admin,
            programme=programme,
            application_ids=[application_id],
            band=band,
            reason=reason,
            now=DECIDED_AT,
        )
    issue_letters(actor=admin, programme=programme, now=LETTERS_AT, notify=False)
    # Random codes would differ on every fresh database; the demo's are seeded instead.
    rng = random.Random(26092017)
    for decision in Decision.objects.filter(application__programme=programme).order_by(
        "letter_number"
    ):
        Decision.objects.filter(pk=decision.pk).update(verification_code=demo_code(rng))
