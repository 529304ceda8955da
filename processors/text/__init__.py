"""Informal Indonesian text normalisation that keeps every token's offsets into the original."""

from processors.text.normalise import Normaliser
from processors.text.tokens import NormalisedText, Token, TokenKind

__all__ = ["NormalisedText", "Normaliser", "Token", "TokenKind"]
