"""The formats the outside world sees (shared/CONTRACTS.md): posts, registry, elections, decisions."""
