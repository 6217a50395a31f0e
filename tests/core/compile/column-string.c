/* Must not compile (with -Werror=int-conversion, as the project builds):
 * columns are no longer named by strings. */
#include "wm-record.h"

const char *title (WmRecord *touchpoint);

const char *
title (WmRecord *touchpoint)
{
  return wm_record_get_string (touchpoint, "title");
}
