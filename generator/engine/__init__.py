"""The site engine adapter: the one place that knows MkDocs, Material, mkdocs-static-i18n and jieba
(the hook, the per-language site build, the live preview, the print page, the offline bundle)."""
