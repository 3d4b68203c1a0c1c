

def test_a_rare_character_font_the_clerk_installed_for_one_user_is_used(monkeypatch, tmp_path):
    """On Windows a font installed "for me only" lands in %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts."""
    import shutil

    from desktop_app.paths import resource_path
    from desktop_app.reports.pdf import fonts

    user_fonts = tmp_path / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    # Stand-in for HanaMinB: any TrueType font file under that name proves the folder is searched.
    shutil.copyfile(resource_path("fonts", "HanaMinA.ttf"), user_fonts / "HanaMinB.ttf")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setattr(fonts, "_windows_fonts_dir", lambda: tmp_path / "no-windows")
    monkeypatch.setattr(fonts, "_RARE_CHAR_FONTS", (("XZ-TestUserFont", "HanaMinB.ttf"),))
    fonts._fallback_chain.cache_clear()
    try:
        assert "XZ-TestUserFont" in fonts._fallback_chain()
    finally:
        fonts._fallback_chain.cache_clear()
