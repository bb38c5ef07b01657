"""Problems (problem+json) in the reader's language: Chinese when the request's
Accept-Language prefers it, English otherwise. Titles by status; the details people
meet most by pattern; any other detail as written (a field's own message)."""

import re
from typing import Any

from flask import has_request_context, request

LANGUAGES = ("en", "zh")
TITLES = {
    400: "请求有误",
    401: "未登录或登录已失效",
    403: "无权执行此操作",
    404: "未找到",
    405: "不支持该请求方法",
    406: "无法提供所需格式",
    409: "与当前状态冲突",
    410: "已失效，请重新读取",
    412: "版本已变化",
    413: "内容过大",
    414: "网址过长",
    415: "内容类型不支持",
    422: "内容无法处理",
    428: "需要注明所依据的版本",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}
KINDS = {
    "Issue": "问题",
    "Project": "项目",
    "Visit": "走访",
    "Enterprise": "企业",
    "Officer": "人员",
    "Evidence": "影像资料",
    "ChecklistTemplate": "检查表",
}
ID = r"[0-9a-f-]{36}"
DETAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^(\w+) ({ID}) not found$"), "{kind}{1}不存在，或不在您的管辖范围内"),
    (re.compile(r"^a bearer token is required$"), "需要登录令牌（Bearer）"),
    (
        re.compile(
            r"^the username or password is wrong, or the account is not active$"
        ),
        "用户名或密码错误，或账号已停用",
    ),
    (
        re.compile(r"^see errors: what was refused, by location and field$"),
        "请查看 errors：按位置和字段列出被拒绝的内容",
    ),
    (
        re.compile(rf"^({ID}) is at version (\d+), not (\d+) as expected$"),
        "{0}当前为第{1}版，不是所依据的第{2}版",
    ),
    (
        re.compile(rf"^command ({ID}) was already used for other content$"),
        "指令{0}已用于其他内容",
    ),
    (re.compile(r"^The requested URL was not found on the server\."), "没有这个地址"),
    (
        re.compile(r"^the store is not reachable; retry$"),
        "数据存储暂时无法访问，请稍后重试",
    ),
]


def language() -> str:
    """The reader's language: the best of Accept-Language, English by default."""
    if not has_request_context():
        return "en"
    found = request.accept_languages.best_match(["en", "zh", "zh-CN"], default="en")
    return "zh" if found.startswith("zh") else "en"


def detail_zh(detail: str) -> str:
    for pattern, template in DETAILS:
        matched = pattern.match(detail)
        if matched:
            groups = matched.groups()
            kind = KINDS.get(groups[0], groups[0]) if groups else ""
            return template.format(*groups, kind=kind)
    return detail


def localized(body: dict[str, Any], lang: str) -> dict[str, Any]:
    """The problem in a language (as it is, in English)."""
    if lang != "zh":
        return body
    title = TITLES.get(body["status"], body["title"])
    found = body | {"title": title}
    if isinstance(body.get("detail"), str):
        found["detail"] = detail_zh(body["detail"])
    return found
