import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Kpis, KpiTable } from '@/lib/api-types';
import { api, downloadFile } from '@/lib/http';
import type { DayRange } from '@/utils/kpi-range';

const query = ({ from, to }: DayRange) => `from=${from}&to=${to}`;

/** The salon's figures over a range of days (coordinators and admins). */
export function useKpis(range: DayRange, enabled = true) {
  return useQuery({
    queryKey: ['admin', 'kpis', range.from, range.to],
    queryFn: ({ signal }) => api<Kpis>(`/admin/kpis?${query(range)}`, { signal }),
    enabled,
    // A new range keeps the old figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/**
 * One table as the api writes it (UTF-8 with BOM). The access token lives in memory, so the file is fetched
 * with it and handed to the browser, as the event's `.ics` is.
 */
export function downloadKpisCsv(range: DayRange, table: KpiTable): Promise<void> {
  return downloadFile(
    `/admin/kpis.csv?${query(range)}&table=${table}`,
    `kpis-${table}-${range.from}-${range.to}.csv`,
  );
}
