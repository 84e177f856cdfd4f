"""The SMIC table: the floor a French gross annual figure is checked against."""

from careerdash import smic


def test_annual_smic_is_the_hourly_rate_times_151_67_hours_times_12():
    assert smic.ANNUAL[2024] == round(11.65 * 151.67 * 12) == 21203
    assert smic.ANNUAL[2026] == round(12.02 * 151.67 * 12) == 21877
    assert sorted(smic.ANNUAL.values()) == [smic.ANNUAL[y] for y in sorted(smic.ANNUAL)]


def test_a_figure_is_checked_against_the_smic_of_its_year():
    assert smic.below_smic(18300, "EUR", "brut", "year", "2017-2019") is None  # 18 255 in 2019
    assert smic.below_smic(18300, "EUR", "brut", "year", "2020") == 2020
    assert smic.below_smic(18000, "EUR", "brut", "year") == smic.LATEST  # no year: current
    # 21 700 € was above the SMIC of 2025 (21 622 €), and is below the one in force since 2026
    assert smic.below_smic(21700, "EUR", "brut", "year", "2025") is None
    assert smic.below_smic(21700, "EUR", "brut", "year") == smic.LATEST >= 2026
    assert smic.below_smic(1500, "EUR", "net", "month") is None  # not what the SMIC measures
    assert smic.below_smic(18000, "USD", "brut", "year") is None
