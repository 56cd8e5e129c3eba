"""Chinese templates of explorer's coded refusals (``explorer.errors.InputError``).

A refusal whose English matches a template of ``MESSAGES_ZH`` (ui/strings/messages.py) is
translated from that instead, with its advice; the code's template here is the fallback. Where
the English of a code says more than its params (a file's problem, a budget's advice), the
template ends with the English itself, ``{english}``, so nothing the reader needs is lost."""

ERRORS_ZH = {
    "not_finite": "{name} 含有 NaN 或无穷大，请给出有限的数值",
    "empty": "{name} 是空的，至少需要一个元素",
    "shape": "{name} 的形状不对：应为 {expected}，实际为 {got}",
    "out_of_range": "{name} = {value} 超出允许范围 [{low}, {high}]",
    "not_integer": "{name} 必须是整数，实际为 {value}",
    "choice": "{name} = {value} 不是可选项之一：{options}",
    "budget": "{what} 需要 {needed}，超过上限 {limit}（原文：{english}）",
    "unknown_key": "未知的参数名 {name}；可用的有：{options}",
    "single_class": "{name} 只有一个类别（{value}），至少需要两个类别",
    "not_sorted": "{name} 必须按非递减顺序排列",
    "degenerate": "{name} 没有面积（框退化或点共线）",
    "file": "文件 {name} 无法使用（原文：{english}）",
}
