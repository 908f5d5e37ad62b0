# Options shared by tests/abi/check_abi.sh and scripts/update-abi-baseline.sh so the
# baseline and the fresh dump are always produced the same way.
# Exported interfaces and the public types they use only (the caller adds --headers-dir
# include); without --exported-interfaces-only abidw records every internal C++ type.
# No undefined symbols, DT_NEEDED entries, build paths or source locations, so the
# baseline depends on neither the implementation's own dependencies nor the build dir.
FWPK_ABIDW_OPTIONS=(--exported-interfaces-only --drop-private-types --drop-undefined-syms --no-elf-needed
                    --no-corpus-path --no-comp-dir-path --no-show-locs)
