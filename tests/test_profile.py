import pytest

from dltutor import profile


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv(profile.ENV_VAR, raising=False)
    assert profile.current_profile() == "full"


def test_environment_selects_profile(monkeypatch):
    monkeypatch.setenv(profile.ENV_VAR, " Smoke ")
    assert profile.current_profile() == "smoke"
    assert profile.defaults("mnist")["profile"] == "smoke"


def test_unknown_profile_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(profile.ENV_VAR, "fast")
    with pytest.raises(profile.UnknownProfileError, match="smoke, full"):
        profile.current_profile()


def test_unknown_chapter_is_a_clear_error():
    with pytest.raises(profile.UnknownProfileError, match="Unknown chapter 'minst'"):
        profile.defaults("minst", "smoke")


def test_smoke_does_less_work_than_full():
    smoke, full = profile.defaults("mnist", "smoke"), profile.defaults("mnist", "full")
    for key in ("mlp_epochs", "cnn_epochs"):
        assert smoke[key] <= full[key]
    assert smoke["train_size"] is not None
    assert full["train_size"] is None or full["train_size"] > smoke["train_size"]
    assert smoke["timing_repeats"] < full["timing_repeats"]


def test_every_chapter_has_both_profiles_with_the_same_keys():
    for chapter in profile.CHAPTERS:
        keys = {name: set(profile.defaults(chapter, name)) for name in profile.PROFILES}
        assert keys["smoke"] == keys["full"], chapter


def test_defaults_are_read_only():
    settings = profile.defaults("mnist", "smoke")
    with pytest.raises(TypeError):
        settings["epochs"] = 100
