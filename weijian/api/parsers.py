"""The API's request parser: DRF's JSON parser, its error in Chinese."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError("请求体不是有效的 JSON（应为 UTF-8 编码的一个 JSON 对象）") from None
