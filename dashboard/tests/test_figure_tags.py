"""The figure tables' rows written in Python (dashboard/templatetags/figures.py): the markup the template wrote,
every value escaped."""

from django.template import Context, Template

from dashboard.templatetags.figures import figure_rows, round_rows


def test_a_figure_row_links_its_unit_and_count_and_escapes_every_value():
    row = {
        "label": "Xã <Hoà> An",
        "stars": [1, 0, 2],
        "count": 3,
        "url": "/giay-chung-nhan/?status=live&commune=7",
        "dashboard_url": "/thong-ke/?commune=7",
        "bar": 100,
    }
    html = figure_rows([row], per_star=True, chart=None, unit_title='Bảng "đơn vị"', empty="—")
    assert html == (
        '<tr><th scope="row" class="fw-normal"><a href="/thong-ke/?commune=7" title="Bảng &quot;đơn vị&quot;">'
        "Xã &lt;Hoà&gt; An</a></th>"
        '<td class="text-end"><a href="/giay-chung-nhan/?status=live&amp;commune=7&amp;star=3">1</a></td>'
        '<td class="text-end"><a href="/giay-chung-nhan/?status=live&amp;commune=7&amp;star=4">0</a></td>'
        '<td class="text-end"><a href="/giay-chung-nhan/?status=live&amp;commune=7&amp;star=5">2</a></td>'
        '<td class="text-end"><a href="/giay-chung-nhan/?status=live&amp;commune=7">3</a></td>'
        '<td aria-hidden="true"><svg class="figure-bar" width="100%" height="12" role="presentation" '
        'focusable="false"><rect width="100%" height="12" rx="2"></rect></svg></td></tr>'
    )


def test_a_row_without_a_list_leaves_its_stars_unlinked():
    row = {"label": "—", "stars": [1, 0, 2], "count": 3, "url": "", "bar": 100}
    html = figure_rows([row], per_star=True, chart={"type": "bar"}, unit_title="", empty="")
    assert html == (
        '<tr><th scope="row" class="fw-normal">—</th><td class="text-end">1</td><td class="text-end">0</td>'
        '<td class="text-end">2</td><td class="text-end">3</td></tr>'
    )


def test_a_figure_with_a_chart_has_no_bar_and_an_empty_one_says_so():
    row = {"label": 2024, "count": 5, "url": "", "bar": 40}
    assert figure_rows([row], per_star=False, chart={"type": "bar"}, unit_title="", empty="") == (
        '<tr><th scope="row" class="fw-normal">2024</th><td class="text-end">5</td></tr>'
    )
    assert figure_rows([], per_star=True, chart=None, unit_title="", empty="Chưa có số liệu.") == (
        '<tr><td colspan="6" class="text-muted">Chưa có số liệu.</td></tr>'
    )


def test_a_round_row_has_its_three_lists_and_its_share():
    row = {
        "year": None,
        "label": "UBND huyện <Na Rì>",
        "evaluated": 7,
        "recognised": 6,
        "not_recognised": 1,
        "share": 86,
        "evaluated_url": "/l/?figure=evaluated&year=2018",
        "recognised_url": "/l/?figure=recognised",
        "not_recognised_url": "/l/?figure=not_recognised",
    }
    html = Template("{% load figures %}{% round_rows rows '' %}").render(Context({"rows": [row]}))
    assert html.startswith('<tr><td>—</td><th scope="row" class="fw-normal">UBND huyện &lt;Na Rì&gt;</th>')
    assert '<a href="/l/?figure=evaluated&amp;year=2018">7</a>' in html and html.endswith("86 %</td></tr>")
    assert round_rows([], "Chưa có số liệu.") == '<tr><td colspan="6" class="text-muted">Chưa có số liệu.</td></tr>'
