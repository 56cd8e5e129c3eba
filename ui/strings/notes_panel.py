"""Chinese for the "What the notes say" panel (ui/notes_panel.py)."""

ZH = {
    "What the notes say": "笔记怎么说",
    "{n} claims": "{n} 条论断",
    "✓ holds with the settings above · ✗ does not hold with them · – does not apply here or "
    "could not be checked": "✓ 在上面的设置下成立 · ✗ 在这些设置下不成立 · – 此处不适用或无法检查",
    "Could not check: {error}": "无法检查：{error}",
    "Show it with the settings that show it best": "用最能说明它的设置打开",
}
