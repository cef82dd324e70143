"""The office's web pages: Chinese, division-scoped, served offline."""
