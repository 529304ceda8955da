"""One module per platform or format; `collectors.build.build_source` picks by the config's kind."""
