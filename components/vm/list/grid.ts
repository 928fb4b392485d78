/** Column template shared by the header and every row (one place to change widths). */
export const GRID_ROW =
  'grid grid-cols-[36px_minmax(180px,2fr)_minmax(110px,1fr)_minmax(110px,1fr)_150px_minmax(110px,1fr)_130px_150px_80px]';
export const ROW_PX = 34;
