"""Chinese for the Notes page (app_pages/notes.py) and its catalogue entry."""

ZH = {
    "Notes": "笔记",
    "Every claim of the five study notes checked live, by note and section, with its status "
    "and a link to the page that shows it.":
        "五篇学习笔记中的每条论断都现场验证：按笔记和章节排列，标出是否成立，并链接到演示它的页面。",
    "The course map: every claim of the five study notes, restated and checked live by the "
    "same code the pages run, at default settings. Each claim names the term to search for in "
    "its note and links to the page that shows it, opened on the settings that show it best.":
        "课程地图：五篇学习笔记中的每条论断，用我们自己的话重述，并由各页面运行的同一份代码在默认设置下现场验证。"
        "每条论断给出可在笔记中搜索的原文词语，并链接到演示它的页面，打开时即是最能说明它的设置。",
    "Checking {n} claims (the first visit computes them; later ones are instant)…":
        "正在验证 {n} 条论断（首次访问需要计算，之后即时显示）…",
    "note": "笔记",
    "claims": "论断数",
    "✓ holds at the default settings · ✗ does not hold there (the note is wrong or imprecise, "
    "or right only in another regime: the link shows where) · – does not apply there or could "
    "not be checked":
        "✓ 在默认设置下成立 · ✗ 在默认设置下不成立(笔记有误或不够准确，或只在别的条件下成立："
        "链接会打开相应设置)· – 此处不适用或无法检查",
    "Note": "笔记",
}
