// libxlsxwriter (apt libxlsxwriter-dev): the data map workbook.
#include <xlsxwriter.h>
