import { useQuery } from '@tanstack/react-query';
import { type ApiAnswer, call } from '../../api/contract.ts';

export type SchoolUsage = ApiAnswer<'/api/schools/{schoolId}/usage', 'get'>;
export type DepartmentUsage = ApiAnswer<'/api/usage/department', 'get'>;
export type InactivePeople = ApiAnswer<'/api/schools/{schoolId}/usage/classes/{classId}/inactive', 'get'>;

export interface Range {
  from?: string;
  to?: string;
}

export function useSchoolUsage(schoolId: string, range: Range) {
  return useQuery({
    queryKey: ['usage', schoolId, range.from ?? '', range.to ?? ''],
    queryFn: () => call('get', '/api/schools/{schoolId}/usage', { params: { schoolId }, query: range }),
    enabled: schoolId !== '',
  });
}

export function useInactive(schoolId: string, classId: string | null) {
  return useQuery({
    queryKey: ['usage-inactive', schoolId, classId],
    queryFn: () =>
      call('get', '/api/schools/{schoolId}/usage/classes/{classId}/inactive', {
        params: { schoolId, classId: classId ?? '' },
      }),
    enabled: classId !== null,
  });
}

export function useDepartmentUsage(range: Range) {
  return useQuery({
    queryKey: ['usage-department', range.from ?? '', range.to ?? ''],
    queryFn: () => call('get', '/api/usage/department', { query: range }),
  });
}

export type TeacherUsage = ApiAnswer<'/api/schools/{schoolId}/usage/teacher', 'get'>;

export function useTeacherUsage(schoolId: string) {
  return useQuery({
    queryKey: ['usage-teacher', schoolId],
    queryFn: () => call('get', '/api/schools/{schoolId}/usage/teacher', { params: { schoolId }, query: {} }),
    enabled: schoolId !== '',
  });
}
