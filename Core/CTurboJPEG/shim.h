// libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev): the photos of a fiscalização return,
// reduced to the size the system parameters allow. Its calls return an error instead of leaving
// through longjmp, which Swift could not unwind.
#include <turbojpeg.h>
