// libharu (Debian libhpdf-dev): the PDF writer of the documentos worker. Debian ships no
// pkg-config file for it, hence `link "hpdf"` in the module map.
#include <hpdf.h>
