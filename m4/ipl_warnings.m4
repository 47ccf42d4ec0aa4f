# IPL_WARN_CFLAGS: probe each warning flag the C compiler accepts and collect
# them in WARN_CFLAGS.  A flag the compiler rejects is left out, not fatal.
AC_DEFUN([IPL_WARN_CFLAGS], [
  WARN_CFLAGS=""
  ipl_saved_CFLAGS="$CFLAGS"
  for ipl_flag in -Wall -Wextra -Wformat=2 -Wformat-security -Wshadow \
      -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
      -Wmissing-declarations -Wwrite-strings -Wcast-align -Wundef \
      -Wnested-externs -Wold-style-definition -Wredundant-decls \
      -Wvla -Wimplicit-fallthrough -Wnull-dereference -Wdouble-promotion \
      -Werror=implicit-function-declaration -Werror=deprecated-declarations \
      -fno-common -fstack-protector-strong; do
    AC_MSG_CHECKING([whether $CC accepts $ipl_flag])
    CFLAGS="$ipl_saved_CFLAGS -Werror $ipl_flag"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
      [AC_MSG_RESULT([yes]); WARN_CFLAGS="$WARN_CFLAGS $ipl_flag"],
      [AC_MSG_RESULT([no])])
  done
  CFLAGS="$ipl_saved_CFLAGS"
])
