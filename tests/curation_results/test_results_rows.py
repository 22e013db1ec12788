"""The results page's rows and the print view's, built in Python (results_rows.py): names escaped,
numbers in the reader's language, labels and links as the templates drew them."""

from django.conf import settings

from kurasi.curation.models_decisions import OutcomeBand

from .conftest import detail_url, make_application, results_url, score

NAME = 'Kue <Lapis> & "Legit"'


def scored(programme, product_groups, curators):
    application = make_application(programme, product_groups, NAME, nib=False)
    score(programme, application, curators[0], 5)
    score(programme, application, curators[1], 4)
    score(programme, application, curators[2], 5)
    return application


def test_results_rows_escape_names_and_show_indonesian_numbers(
    client_for, admin_user, programme, product_groups, bands, curators
):
    application = scored(programme, product_groups, curators)
    page = client_for(admin_user).get(results_url(programme)).content.decode()
    assert "<Lapis>" not in page
    escaped = "Kue &lt;Lapis&gt; &amp; &quot;Legit&quot;"
    assert f'<a href="{detail_url(programme, application)}">{escaped}</a>' in page
    assert f'aria-label="Pilih {escaped}"' in page
    assert "<small>Usaha " + escaped + "</small>" in page
    assert (
        '<td data-label="Nilai akhir" class="num final-score"><strong>91,67</strong></td>' in page
    )
    assert '<td data-label="Rata-rata mentah" class="num raw-mean">91,67</td>' in page
    assert '<td data-label="Median" class="num">100,00</td>' in page
    assert f"{curators[1].full_name}: 75,0 → " in page
    # No NIB on the curation day: a legality gate, so the passing band is capped.
    assert '<span class="flag flag-gate">Tanpa NIB' in page
    assert '<small class="capped">(dibatasi)</small>' in page
    assert '<span class="muted">Belum diputuskan</span>' in page


def test_results_rows_in_english_for_the_field_officer(
    client_for, field_officer, programme, product_groups, bands, curators
):
    scored(programme, product_groups, curators)
    client = client_for(field_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(results_url(programme)).content.decode()
    assert '<td data-label="Final score" class="num final-score"><strong>91.67</strong></td>' in (
        page
    )
    assert '<td data-label="Median" class="num">100.00</td>' in page
    assert 'name="applications"' not in page  # reading only: no checkboxes to decide with
    assert '<span class="muted">Not decided</span>' in page


def test_print_view_rows_escape_names_and_show_the_band(
    client_for, admin_user, programme, product_groups, bands, curators
):
    scored(programme, product_groups, curators)
    url = results_url(programme, "print/")
    page = client_for(admin_user).get(url).content.decode()
    assert "<Lapis>" not in page
    assert "<td>Kue &lt;Lapis&gt; &amp; &quot;Legit&quot;<br><small>Usaha Kue" in page
    assert '<td class="num"><strong>91,67</strong></td>' in page
    capped_at = OutcomeBand.objects.filter(programme=programme, is_pass=False).order_by(
        "-minimum_score"
    )[0]
    assert f"<td>{capped_at.label} (dibatasi)</td>" in page
    assert "<span>Tanpa NIB" in page
