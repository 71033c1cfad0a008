{
  "targets": [
    {
      "target_name": "tcn_expand",
      "sources": ["tcn_expand.c", "sha256_portable.c", "sha256_shani.c", "ed25519_verify.c"],
      "cflags": ["-O3", "-std=c11"],
      "cflags!": ["-fno-tree-vectorize"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2 } }
    }
  ]
}
