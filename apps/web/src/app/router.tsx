import { createBrowserRouter } from 'react-router';
import type * as ManagePagesModule from './routes/manage';
import { AccountSettingsPage, ResetPasswordPage, VerifyEmailPage } from './routes/account';
import { AppLayout } from './routes/app-layout';
import { EventFormPage, EventOrganiserPage, EventPage } from './routes/event';
import { EventsPage } from './routes/events';
import { ChannelPage } from './routes/channel';
import { HomePage } from './routes/home';
import { LoginPage, RegisterPage } from './routes/auth';
import { MessagePage } from './routes/message';
import { NotFoundPage } from './routes/not-found';
import { ThemePage } from './routes/theme';
import { ThemesPage } from './routes/themes';

type ManagePages = typeof ManagePagesModule;

async function managePage(name: keyof ManagePages) {
  const pages = await import('./routes/manage');
  return { Component: pages[name] };
}

/**
 * Paths are a contract: mails and other clients link to them (`/messages/<id>`, `/themes/<slug>`; the
 * events, directory and settings pages of the next issue go under the same layout).
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  { path: '/verify-email', element: <VerifyEmailPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'themes', element: <ThemesPage /> },
      { path: 'themes/:slug', element: <ThemePage /> },
      { path: 'themes/:slug/:channelSlug', element: <ChannelPage /> },
      { path: 'messages/:id', element: <MessagePage /> },
      { path: 'events', element: <EventsPage /> },
      { path: 'events/new', element: <EventFormPage editing={false} /> },
      { path: 'events/:id', element: <EventPage /> },
      { path: 'events/:id/edit', element: <EventFormPage editing /> },
      { path: 'events/:id/attendees', element: <EventOrganiserPage screen="attendees" /> },
      { path: 'events/:id/check-in', element: <EventOrganiserPage screen="check-in" /> },
      { path: 'settings/account', element: <AccountSettingsPage /> },
      // The managing screens are few people's: loaded on first use, outside the first-load budget.
      { path: 'manage', lazy: () => managePage('ManageHubPage') },
      { path: 'manage/themes/new', lazy: () => managePage('ManageNewThemePage') },
      { path: 'manage/themes/:slug', lazy: () => managePage('ManageThemePage') },
      { path: 'manage/members', lazy: () => managePage('ManageMembersPage') },
      { path: 'manage/digests', lazy: () => managePage('ManageDigestsPage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
