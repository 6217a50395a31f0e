/* Must not compile: a misspelt column is an unknown identifier, not a
 * critical at run time. */
#include "wm-record.h"

const char *title (WmRecord *touchpoint);

const char *
title (WmRecord *touchpoint)
{
  return wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITEL);
}
