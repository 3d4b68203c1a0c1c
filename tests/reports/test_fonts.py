

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


def test_without_system_song_official_text_is_the_bundled_serif_and_rare_names_keep_their_weight(monkeypatch,
                                                                                                    tmp_path):
    """No 宋体/仿宋 on the machine (Linux, 统信UOS, 麒麟): titles and body in AR PL SungtiL GB, not the sans;
    a rare character of a name comes from a serif fallback in serif text, and is stroked in sans text so it
    is not visibly thinner than the characters around it."""
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from desktop_app.reports.pdf import fonts
    from desktop_app.reports.pdf.official import build_document, para, styles, title

    monkeypatch.setattr(fonts, "_system_candidates", lambda role: [("XZ-None", tmp_path / "none.ttf", None)])
    fonts.font.cache_clear()
    styles.cache_clear()
    try:
        assert fonts.font("song") == fonts.font("fang") == "XZ-SungtiL"
        assert fonts.font("hei") == "XZ-WQYMicroHei"
        assert fonts.font_for_char("䶮", "XZ-SungtiL") == "XZ-HanaMinA"      # a serif beside serif text
        path = build_document(tmp_path / "公告.pdf", [title("选举结果公告"), para("刘䶮当选为示范镇人民政府镇长。")])
        page = PdfReader(path).pages[0]
        names = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
        assert any("BousungEG" in n for n in names), names     # AR PL SungtiL GB's PostScript name
        assert not any("WenQuanYi" in n or "WQY" in n for n in names), names
        assert b"2 Tr" not in page.get_contents().get_data()                    # serif beside serif: as drawn

        sans = tmp_path / "表.pdf"
        canvas = Canvas(str(sans))
        fonts.draw_string(canvas, 72, 700, "刘䶮", "hei", 12)
        canvas.save()
        assert b"2 Tr" in PdfReader(sans).pages[0].get_contents().get_data()  # serif beside sans: stroked
    finally:
        fonts.font.cache_clear()
        styles.cache_clear()
