"""Every component id used by callbacks, as constants, so layout and callbacks cannot drift apart.

Ids named in the issues (county-map, measure-select, year-select, upload-data, ...) are a public
contract used by tests and people; do not rename them.
"""

# /map
COUNTY_MAP = "county-map"
MEASURE_SELECT = "measure-select"
YEAR_SELECT = "year-select"
SCALE_SELECT = "scale-select"
COUNTY_PANEL = "county-panel"
COUNTY_TABLE = "county-table"
MAP_CAVEAT = "map-caveat"
MAP_SOURCE = "map-source"
MAP_URL_SYNC = "map-url-sync"
MAP_STATE = "map-state"
MAP_DOWNLOAD_BUTTON = "map-download-button"
MAP_DOWNLOAD = "map-download"
MAP_SUMMARY = "map-summary"
MAP_TITLE = "map-title"
MAP_COUNTY_SELECT = "map-county-select"
MAP_URL_WRITTEN = "map-url-written"
MAP_TABLE_SORT = "map-table-sort"
MAP_TABLE_CAPTION = "map-table-caption"
MAP_TABLE_BODY = "map-table-body"
MAP_SORT_COUNTY = "map-sort-county"
MAP_SORT_VALUE = "map-sort-value"
MAP_TH_COUNTY = "map-th-county"
MAP_TH_VALUE = "map-th-value"

# shared shell
URL = "url"

# content pages
#: pattern-matching types: {"type": CHART_DOWNLOAD_BUTTON, "chart": <chart id below>}
CHART_DOWNLOAD_BUTTON = "chart-download-button"
CHART_DOWNLOAD = "chart-download"
#: /milwaukee (milwaukee-police-chart is named in issue 10: a public contract)
MKE_POLICE = "milwaukee-police-chart"
MKE_POLICE_RATE = "milwaukee-police-rate-chart"
MKE_POPULATION = "mke-population-chart"
MKE_UNDER18 = "mke-under18-chart"
MKE_FBI_PRESENCE = "mke-fbi-presence-chart"
MKE_STUDIES = "mke-studies-table"
MKE_MCW_AGE = "mke-mcw-age-chart"
MKE_MCW_SHARES = "mke-mcw-shares-chart"
MKE_MPD_CASES = "mke-mpd-cases-chart"
STATE_HOTLINE_CASES = "state-hotline-cases-chart"
STATE_FBI_OFFENSES = "state-fbi-offenses-chart"
STATE_FEDERAL_CASES = "state-federal-cases-chart"
#: /youth (youth-police-chart is named in issue 10: a public contract)
YOUTH_POLICE = "youth-police-chart"
# /trends: one chart per statewide series
TRENDS_HOTLINE = "trends-hotline-chart"
TRENDS_POLICE = "trends-police-chart"
TRENDS_CHILD_WELFARE = "trends-child-welfare-chart"
TRENDS_FEDERAL = "trends-federal-chart"
YOUTH_SHARES = "youth-shares-chart"
YOUTH_HOTLINE_2016 = "youth-hotline-2016-chart"
YOUTH_DCF = "youth-dcf-chart"
YOUTH_FBI_ARRESTS = "youth-fbi-arrests-chart"
#: /sources
STATE_CHECKS_TABLE = "state-checks-table"
#: /data
DATA_SNIPPET_PANDAS = "data-snippet-pandas"
DATA_SNIPPET_R = "data-snippet-r"
DATA_SNIPPET_PANDAS_CODE = "data-snippet-pandas-code"
DATA_SNIPPET_R_CODE = "data-snippet-r-code"
DATA_SNIPPET_EMBED = "data-snippet-embed"
DATA_SNIPPET_EMBED_CODE = "data-snippet-embed-code"
DATA_EMBED = "embed"  # the /data section with the <iframe> code (/data?embed=<view>#embed)
MAP_EMBED_LINK = "map-embed-link"
