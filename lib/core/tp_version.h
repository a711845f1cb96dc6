/* tp_version.h: the one version string of every tp program. */
#ifndef TP_VERSION_H
#define TP_VERSION_H
#define TP_VERSION "0.1.0"
#endif
