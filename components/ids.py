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

# shared shell
URL = "url"
