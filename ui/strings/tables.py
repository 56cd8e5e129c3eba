"""Chinese for ui/tables.py: the menu of a paged table."""

ZH = {
    "Rows": "显示的行",
    "{first}–{last} of {n}": "第 {first}–{last} 行（共 {n} 行）",
}
